package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.FunctionZip;
import dev.sfautoscaler.testkit.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the sandbox needs before it starts anything, each missing piece one sentence that says what to do. */
final class Prerequisites {

    private Prerequisites() {
    }

    /** moto, the zip, AWS's runtime client, the project directory, a free {@code PORT}. */
    static void check(Sandbox.Options options) {
        try {
            MotoServer.binary();
        } catch (IllegalStateException missing) {
            throw new SandboxException(missing.getMessage(), missing);
        }
        if (!Files.isRegularFile(options.zip())) {
            throw new SandboxException(options.zip() + " is missing: build it with './mvnw package -DskipTests' "
                    + "(make sandbox does)");
        }
        try {
            if (FunctionZip.jars(options.runtimeDir()).isEmpty()) {
                throw new SandboxException("AWS's Lambda Java runtime client is missing in " + options.runtimeDir()
                        + ": get it with './mvnw dependency:copy@lambda-java-runtime' (make sandbox does)");
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read " + options.runtimeDir() + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(Deployment.PATTERN)
                || !Files.isRegularFile(Path.of("statemachine", "autoscaler.asl.json"))) {
            throw new SandboxException("run the sandbox from the project directory (statemachine/ is not in "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (options.port() != 0) {
            requireFreePort(options.port());
        }
    }

    static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            probe.setReuseAddress(true);
        } catch (IOException inUse) {
            throw new SandboxException("port " + port + " is in use by another program: pick another (PORT= for make "
                    + "sandbox, --port for lab sandbox), or leave it out and the sandbox takes a free one");
        }
    }
}
