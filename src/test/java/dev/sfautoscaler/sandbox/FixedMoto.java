package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The pinned moto with one fix, {@code src/test/resources/sandbox/moto_server_fixed.py}: a spot
 * fleet's FulfilledCapacity goes down when a scale-in terminates instances. Without it moto's second
 * scale-in terminates too many instances and a later one fails, which AWS never does and the
 * sandbox (a fleet that scales in again and again) would show as the autoscaler's failure.
 */
final class FixedMoto {

    static final Path FIX = Path.of("src", "test", "resources", "sandbox", "moto_server_fixed.py");

    private FixedMoto() {
    }

    /** Starts moto_server with the fix, through a small executable in {@code workDir}. */
    static MotoServer start(Path workDir, int port, Map<String, String> environment) {
        Path launcher = launcher(workDir);
        return MotoServer.start(launcher, port, environment);
    }

    /** {@code workDir/moto_server_fixed}: runs the fix with moto's own Python. */
    static Path launcher(Path workDir) {
        Path moto = MotoServer.binary();
        Path python = python(moto);
        Path script = FIX.toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new SandboxException(script + " is missing: run the sandbox from the project directory");
        }
        Path launcher = workDir.toAbsolutePath().resolve("moto_server_fixed");
        String text = "#!/bin/sh\n# moto_server with the sandbox's spot fleet fix (" + FIX + ")\nexec '" + python + "' '"
                + script + "' \"$@\"\n";
        try {
            Files.createDirectories(launcher.getParent());
            Files.writeString(launcher, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new SandboxException("cannot write " + launcher + ": " + e.getMessage(), e);
        }
        return launcher;
    }

    /** The interpreter moto_server runs with: its {@code #!} line, else the venv's python3 next to it. */
    static Path python(Path motoServer) {
        try {
            List<String> lines = Files.readAllLines(motoServer, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).startsWith("#!")) {
                Path interpreter = Path.of(lines.get(0).substring(2).trim().split("\\s+")[0]);
                if (Files.isExecutable(interpreter) && interpreter.getFileName().toString().startsWith("python")) {
                    return interpreter;
                }
            }
        } catch (IOException | RuntimeException notAScript) {
            // fall back to the venv layout
        }
        Path sibling = motoServer.getParent().resolve("python3");
        if (Files.isExecutable(sibling)) {
            return sibling;
        }
        throw new SandboxException("cannot find the Python that runs " + motoServer + ": run 'make setup-python'");
    }
}
