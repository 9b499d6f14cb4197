package dev.sfautoscaler.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real moto server ({@code moto_server}) in its own process on a free port: the AWS emulator
 * every emulator test talks to. Each instance starts with empty state; {@link #reset()} empties it
 * again. {@link #close()} stops the process and waits for it, and a shutdown hook stops it if a
 * test run is killed first, so no process is left behind.
 *
 * <p>The binary is {@code $MOTO_SERVER} (exported by the Makefile) or, failing that,
 * {@code .tools/venv/bin/moto_server} in the project ({@code make setup-python} installs it).
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.start()) {
 *     Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint())...;
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {

    /** Region and credentials every test uses; moto accepts anything. */
    public static final String REGION = "eu-west-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    /** moto's default account. */
    public static final String ACCOUNT = "123456789012";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, "moto-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a fresh moto server on a free local port and waits until it answers. */
    public static MotoServer start() {
        return start(Map.of());
    }

    /**
     * As {@link #start()}, with extra environment variables for the moto process (for example
     * {@code MOTO_PORT}, the port moto's Step Functions sends Lambda invocations to).
     */
    public static MotoServer start(Map<String, String> environment) {
        return start(binary(), 0, environment);
    }

    /**
     * As {@link #start(Map)}, on the given port (for a person who wants to point the AWS CLI at it);
     * the caller makes sure the port is free.
     */
    public static MotoServer start(int port, Map<String, String> environment) {
        return start(binary(), port, environment);
    }

    /**
     * As {@link #start(int, Map)} with another executable that takes moto_server's arguments
     * ({@code -H host -p port}); port 0 picks a free one.
     */
    public static MotoServer start(Path binary, int port, Map<String, String> environment) {
        if (port != 0) {
            return launch(binary, port, environment);
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return launch(binary, freePort(), environment);
            } catch (IllegalStateException e) {
                if (shuttingDown()) {
                    throw e;
                }
                // Most likely another process took the port between probing and binding: try another.
                last = e;
            }
        }
        throw last;
    }

    private static MotoServer launch(Path binary, int port, Map<String, String> environment) {
        Path log = logFile(port);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the AWS emulator " + binary + ": " + e.getMessage(), e);
        }
        MotoServer server;
        try {
            server = new MotoServer(process, port, log);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is going down (Ctrl-C) and takes no more hooks: stop what was just started.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw shutdownInProgress;
        }
        try {
            server.awaitReady();
            return server;
        } catch (IllegalStateException e) {
            server.close();
            throw e;
        }
    }

    /** The moto binary, or one clear sentence on how to get it. */
    public static Path binary() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path local = projectDir().resolve(".tools/venv/bin/moto_server");
        if (Files.isExecutable(local)) {
            return local;
        }
        throw new IllegalStateException("The AWS emulator moto_server was not found (MOTO_SERVER="
                + (configured == null ? "unset" : configured) + ", " + local
                + " is missing): run 'make setup-python' in the project directory first.");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Forgets every resource (fleets, queues, topics ...), as a new server would. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Sends a JSON document to moto's own configuration API, e.g. {@code /moto-api/config}. */
    public String post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint().resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopProcess() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP);
        HttpRequest ping = HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before it answered; its output:\n" + tail());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("moto_server did not answer on port " + port + " within "
                + STARTUP.toSeconds() + " s; its output:\n" + tail());
    }

    private String tail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port: " + e.getMessage(), e);
        }
    }

    private static Path logFile(int port) {
        Path dir = projectDir().resolve("target/moto");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir.resolve("moto-" + port + ".log");
    }

    /** The project directory: the nearest directory up from the working directory with a pom.xml. */
    static Path projectDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
