package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.FunctionZip;
import dev.sfautoscaler.testkit.LambdaRuntimeProcess;
import dev.sfautoscaler.testkit.MotoServer;
import dev.sfautoscaler.testkit.RuntimeApiBridge;
import io.quarkus.test.common.JarArtifactLauncher;
import io.quarkus.test.common.ListeningAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code target/function.zip} the way AWS Lambda's Java runtime does, for
 * {@code @QuarkusIntegrationTest} in JVM mode. A JVM-mode Quarkus Lambda has no poll loop of its
 * own (only the native build does): Lambda's runtime interface client calls
 * {@code QuarkusStreamHandler::handleRequest}. So this launcher unpacks the zip as Lambda would
 * ({@code /var/task}: classes at the root, {@code lib/*.jar}), starts AWS's own runtime interface
 * client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}, copied to
 * {@code target/lambda-java-runtime/} by the build) with that handler in Lambda's environment (the
 * process as the test kit's {@link LambdaRuntimeProcess} builds it for the sandbox's functions too;
 * the test's configuration arrives as system properties), and points it at the Quarkus mock event
 * server as its Runtime API (through {@link RuntimeApiBridge}, which fixes the one status
 * code the two disagree on). REST Assured then invokes the function through the mock
 * event server exactly as in {@code @QuarkusTest}.
 *
 * <p>Registered in {@code META-INF/services/io.quarkus.test.common.JarArtifactLauncher}; native
 * builds use Quarkus's own native launcher (the native binary runs its own poll loop).
 */
public class LambdaJavaRuntimeLauncher implements JarArtifactLauncher {

    static final String TEST_API = "quarkus-internal.aws-lambda.test-api";
    static final String TEST_PORT = "quarkus.lambda.mock-event-server.test-port";

    private final Map<String, String> systemProps = new HashMap<>();
    private JarInitContext context;
    private Process process;
    private RuntimeApiBridge bridge;
    private Path log;

    @Override
    public void init(JarInitContext initContext) {
        this.context = initContext;
    }

    @Override
    public void includeAsSysProps(Map<String, String> props) {
        systemProps.putAll(props);
    }

    @Override
    public Optional<ListeningAddress> start() throws IOException {
        Path target = context.jarPath().toAbsolutePath().getParent();
        Path zip = target.resolve("function.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException(zip + " is missing: run './mvnw package' before the integration tests");
        }
        Path runtimeDir = target.resolve("lambda-java-runtime");
        List<Path> runtimeJars = FunctionZip.jars(runtimeDir);
        if (runtimeJars.isEmpty()) {
            throw new IllegalStateException("No Lambda runtime interface client in " + runtimeDir
                    + ": the build copies it there in the pre-integration-test phase ('./mvnw verify')");
        }
        Path task = FunctionZip.unpack(zip, runtimeDir.resolve("task"));

        Map<String, String> props = new HashMap<>(context.getDevServicesLaunchResult().properties());
        props.putAll(systemProps);
        String runtimeApi = props.get(TEST_API);
        String port = props.get(TEST_PORT);
        if (runtimeApi == null || port == null) {
            throw new IllegalStateException("the Lambda mock event server did not start (no " + TEST_API + ")");
        }

        // runtimeApi is host:port/_lambda_; the client reaches the mock server through the bridge.
        int slash = runtimeApi.indexOf('/');
        bridge = new RuntimeApiBridge(URI.create("http://" + runtimeApi.substring(0, slash) + "/"));
        List<String> jvmOptions = new ArrayList<>(context.argLine());
        jvmOptions.add("-XX:ErrorFile=" + runtimeDir.resolve("hs_err_pid%p.log"));
        if (context.testProfile() != null) {
            jvmOptions.add("-Dquarkus.profile=" + context.testProfile());
        }
        props.forEach((key, value) -> {
            if (!key.startsWith("quarkus-internal.")) {
                jvmOptions.add("-D" + key + "=" + value);
            }
        });
        // The test profile picks the handler (quarkus.lambda.handler, a system property above).
        LambdaRuntimeProcess function = new LambdaRuntimeProcess(task, runtimeJars,
                "sfautoscaler-" + props.getOrDefault("quarkus.lambda.handler", "function"),
                bridge.hostAndPort() + runtimeApi.substring(slash))
                .region(MotoServer.REGION).jvmOptions(jvmOptions)
                .nativeClient(LambdaRuntimeProcess.extractNativeClient(runtimeJars, runtimeDir))
                .environment(context.env()).log(runtimeDir.resolve("function-" + port + ".log"));
        log = function.log();
        System.out.println("Starting the function with Lambda's Java runtime client: "
                + String.join(" ", function.command()));
        process = function.start();
        awaitPolling();
        return Optional.of(new ListeningAddress(Integer.valueOf(port), "http"));
    }

    @Override
    public LaunchResult runToCompletion(String[] args) {
        throw new UnsupportedOperationException("a Lambda function has no command line to run to completion");
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(context.shutdownTimeout().toSeconds() + 10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (bridge != null) {
                bridge.close();
            }
        }
    }

    /** Fails fast when the runtime dies on start (a broken zip, a missing class) instead of at the first request. */
    private void awaitPolling() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the function's runtime exited with code " + process.exitValue()
                        + "; its output is in " + log + ":\n" + tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
