package dev.sfautoscaler.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The pinned moto with its fixes, {@code moto/moto_server_fixed.py} (a resource of this kit): a spot
 * fleet's FulfilledCapacity goes down when a scale-in terminates instances (without it moto's second
 * scale-in terminates too many instances and a later one fails, which AWS never does and the
 * sandbox, a fleet that scales in again and again, would show as the autoscaler's failure); and EC2
 * ModifyFleet, which moto lacks, for the autoscaler's EC2 Fleet targets; and more (the script's docstring lists each).
 */
public final class FixedMoto {

    /** Where the fix is, for people reading the sandbox's output. */
    public static final String FIX = "testkit/src/main/resources/" + FixedMoto.RESOURCE;
    static final String RESOURCE = "moto/moto_server_fixed.py";

    private FixedMoto() {
    }

    /** Starts moto_server with the fix, through a small executable in {@code workDir}. */
    public static MotoServer start(Path workDir, int port, Map<String, String> environment) {
        Path launcher = launcher(workDir);
        return MotoServer.start(launcher, port, environment);
    }

    /** {@code workDir/moto_server_fixed}: runs the fix with moto's own Python. */
    static Path launcher(Path workDir) {
        Path moto = MotoServer.binary();
        Path python = python(moto);
        Path script = workDir.toAbsolutePath().resolve("moto_server_fixed.py");
        Path launcher = workDir.toAbsolutePath().resolve("moto_server_fixed");
        String text = "#!/bin/sh\n# moto_server with the test kit's fixes (" + FIX + ")\nexec '" + python + "' '"
                + script + "' \"$@\"\n";
        try (InputStream fix = FixedMoto.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (fix == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: the test kit jar is incomplete");
            }
            Files.createDirectories(launcher.getParent());
            Files.write(script, fix.readAllBytes());
            Files.writeString(launcher, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + launcher + ": " + e.getMessage(), e);
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
        throw new IllegalStateException("cannot find the Python that runs " + motoServer + ": run 'make setup-python'");
    }
}
