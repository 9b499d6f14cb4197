package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.FunctionZip;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import dev.sfautoscaler.testkit.LambdaRuntimeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four Lambda functions from the packaged {@code target/function.zip}, each in its own process
 * as on AWS Lambda's Java runtime: the zip unpacked as the task root, AWS's runtime interface
 * client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}) running
 * {@code QuarkusStreamHandler::handleRequest}, the handler picked by {@code QUARKUS_LAMBDA_HANDLER}
 * and the function's configuration in environment variables, as Terraform sets them (the process
 * as the test kit's {@link LambdaRuntimeProcess} builds it). Each process polls its own
 * {@link LambdaRuntimeApi}; {@link #register} makes the Lambda Invoke
 * server (what moto's Step Functions calls) hand its invocations to them.
 *
 * <p>The environment is Lambda's, not the caller's: nothing of the person's own AWS configuration
 * (profiles, credentials, region) reaches the functions; every AWS client points at the emulator.
 */
final class LambdaFunctions implements AutoCloseable {

    /** How long one invocation may take, as the functions' timeout in Terraform (then Lambda reports a timeout). */
    static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** JVM options for a fast start on a small machine (one process per function). */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    /** One function: its process, its Runtime API, its log, and how long it took to start. */
    record Function(String id, String name, Process process, LambdaRuntimeApi api, Path log) {
    }

    private final Map<String, Function> functions;
    private final Thread shutdownHook;
    /** Set when stopping begins: a process started after that is stopped at once. */
    private volatile boolean stopping;

    private LambdaFunctions(Map<String, Function> functions) {
        this.functions = functions;
        this.shutdownHook = new Thread(this::stopAll, "sandbox-functions-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Unpacks the zip into {@code workDir/task} and starts one process per handler id.
     *
     * @param environment the functions' configuration (endpoints, topic, region, credentials), set for every function
     */
    static LambdaFunctions start(Path zip, Path runtimeDir, Path workDir, String prefix, String region, String account,
            Map<String, String> environment) {
        zip = zip.toAbsolutePath();
        runtimeDir = runtimeDir.toAbsolutePath();
        workDir = workDir.toAbsolutePath();
        Path task;
        List<Path> runtimeJars;
        try {
            runtimeJars = FunctionZip.jars(runtimeDir);
            task = FunctionZip.unpack(zip, workDir.resolve("task"));
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new SandboxException("cannot unpack " + zip + " into " + workDir + ": " + e.getMessage(), e);
        }
        Path jni;
        try {
            // Each sandbox its own copy: processes that start together must not share /tmp's.
            jni = LambdaRuntimeProcess.extractNativeClient(runtimeJars, workDir);
        } catch (IllegalStateException e) {
            throw new SandboxException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SandboxException("cannot extract AWS's Lambda runtime client's native library into " + workDir
                    + ": " + e.getMessage(), e);
        }
        Map<String, Function> started = Collections.synchronizedMap(new LinkedHashMap<>());
        LambdaFunctions all = new LambdaFunctions(started);
        try {
            for (String id : FunctionZip.HANDLERS) {
                String name = prefix + "-" + id;
                String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
                LambdaRuntimeApi api = new LambdaRuntimeApi(name, arn);
                Path log = workDir.resolve("logs").resolve(id + ".log");
                LambdaRuntimeProcess runtime = new LambdaRuntimeProcess(task, runtimeJars, name, api.address())
                        .region(region).jvmOptions(JVM_OPTIONS).nativeClient(jni).environment(environment)
                        .handler(id).log(log);
                Process process;
                try {
                    process = runtime.start();
                } catch (IOException e) {
                    api.close();
                    throw new SandboxException("cannot start the " + id + " function (" + runtime.command().get(0)
                            + "): " + e.getMessage(), e);
                }
                Function function = new Function(id, name, process, api, log);
                started.put(id, function);
                if (all.stopping) {
                    // Ctrl-C while starting: the shutdown hook may have passed this one by.
                    process.destroyForcibly();
                    throw new SandboxException("interrupted while the functions were starting");
                }
                process.onExit().thenAccept(p -> api.failAll("Runtime.ExitError", "RequestId: - Error: Runtime exited"
                        + " with error: exit status " + p.exitValue() + " (log: " + log + ")"));
            }
            for (Function f : started.values()) {
                all.awaitStarted(f);
            }
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private void awaitStarted(Function f) {
        try {
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (!f.api().awaitFirstPoll(Duration.ofMillis(100))) {
                if (!f.process().isAlive()) {
                    throw new SandboxException("the " + f.id() + " function exited with code " + f.process().exitValue()
                            + " while starting; its log is " + f.log() + lastLine(f.log()));
                }
                if (f.api().initError() != null) {
                    throw new SandboxException("the " + f.id() + " function failed to initialise: " + f.api().initError()
                            + " (log: " + f.log() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new SandboxException("the " + f.id() + " function did not start within "
                            + STARTUP_TIMEOUT.toSeconds() + " s; its log is " + f.log());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while the functions were starting");
        }
    }

    /** Invokes a function directly (not through Step Functions), e.g. to warm it up. */
    String invoke(String id, String payload) throws FunctionError, InterruptedException {
        return function(id).api().invoke(payload, INVOCATION_TIMEOUT);
    }

    /**
     * Registers each function with the Lambda Invoke server under its name; {@code observer} sees
     * every invocation's payload and result (or error).
     */
    void register(LambdaInvokeServer lambda, InvocationObserver observer) {
        for (Function f : functions.values()) {
            lambda.register(f.name(), payload -> {
                try {
                    String result = f.api().invoke(payload, INVOCATION_TIMEOUT);
                    observer.invoked(f.id(), payload, result, null);
                    return result;
                } catch (FunctionError e) {
                    observer.invoked(f.id(), payload, null, e);
                    throw e;
                }
            });
        }
    }

    /** Sees what the functions were asked and answered. */
    @FunctionalInterface
    interface InvocationObserver {
        void invoked(String functionId, String payload, String result, FunctionError error);
    }

    Function function(String id) {
        Function f = functions.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no function " + id);
        }
        return f;
    }

    List<Function> all() {
        synchronized (functions) {
            return List.copyOf(functions.values());
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** SIGTERM to every function, then waits; a process that does not stop in time is killed. */
    private void stopAll() {
        stopping = true;
        List<Function> all = all();
        for (Function f : all) {
            f.process().destroy();
        }
        for (Function f : all) {
            try {
                if (!f.process().waitFor(5, TimeUnit.SECONDS)) {
                    f.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                f.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
            f.api().close();
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return "; its last line: " + lines.get(i).strip();
                }
            }
        } catch (IOException ignored) {
            // no log to quote
        }
        return "";
    }
}
