package dev.sfautoscaler.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One function of {@code target/function.zip} in a process of its own, as AWS Lambda's Java runtime
 * runs it: a JVM in the unpacked task root ({@link FunctionZip#unpack}), the task's classes and AWS's
 * runtime interface client on its class path, the client's main class with Quarkus's stream handler,
 * Lambda's environment (its Runtime API, the function's name, the task root, the region) and the
 * function's configuration, and nothing of the caller's environment: no profile, credentials file or
 * region of the person running it reaches the function. Its output goes to a log file.
 *
 * <p>Used by the functions' integration-test launcher (one function, the Quarkus mock event server
 * as its Runtime API) and by the sandbox (the four functions, each with its own Runtime API). What
 * happens after the start (waiting for the first poll, stopping) is theirs.
 */
public final class LambdaRuntimeProcess {

    /**
     * The runtime interface client loads a JNI library; unless this property names one, it copies its
     * own to the fixed path {@code /tmp/.libaws-lambda-jni.so} in every process, and processes that
     * start together (the sandbox's four, or two builds on one machine) overwrite the file while
     * others load it (SIGBUS). {@link #nativeClient} names one extracted by {@link #extractNativeClient}.
     */
    public static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /** The memory Lambda reports to the function (Terraform's default for the functions). */
    static final String MEMORY_MB = "512";

    private final Path task;
    private final List<Path> runtimeJars;
    private final String functionName;
    private final String runtimeApi;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> configuration = new LinkedHashMap<>();
    private String region;
    private Path nativeClient;
    private Path log;

    /**
     * @param task         the unpacked zip ({@link FunctionZip#unpack})
     * @param runtimeJars  AWS's runtime interface client and its serialization library ({@link FunctionZip#jars})
     * @param functionName the function's name, as Lambda tells it ({@code AWS_LAMBDA_FUNCTION_NAME})
     * @param runtimeApi   {@code host:port} (and path, if any) of the Lambda Runtime API the client polls
     */
    public LambdaRuntimeProcess(Path task, List<Path> runtimeJars, String functionName, String runtimeApi) {
        this.task = task.toAbsolutePath();
        this.runtimeJars = List.copyOf(runtimeJars);
        this.functionName = Objects.requireNonNull(functionName);
        this.runtimeApi = Objects.requireNonNull(runtimeApi);
        this.log = this.task.resolve(functionName + ".log");
    }

    /** {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}, as Lambda sets them. */
    public LambdaRuntimeProcess region(String awsRegion) {
        this.region = awsRegion;
        return this;
    }

    /** Options for the function's JVM, before the class path. */
    public LambdaRuntimeProcess jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    /** The function's configuration (environment variables, as Terraform sets them), over Lambda's. */
    public LambdaRuntimeProcess environment(Map<String, String> variables) {
        configuration.putAll(variables);
        return this;
    }

    /** The {@code @Named} handler of the zip this function runs ({@code QUARKUS_LAMBDA_HANDLER}). */
    public LambdaRuntimeProcess handler(String id) {
        configuration.put("QUARKUS_LAMBDA_HANDLER", id);
        return this;
    }

    /** The runtime client's JNI library to load, from {@link #extractNativeClient}. */
    public LambdaRuntimeProcess nativeClient(Path library) {
        this.nativeClient = library.toAbsolutePath();
        return this;
    }

    /** Where the function's output (stdout and stderr) goes; by default {@code <functionName>.log} in the task root. */
    public LambdaRuntimeProcess log(Path file) {
        this.log = file.toAbsolutePath();
        return this;
    }

    public Path log() {
        return log;
    }

    /** The command line: this JVM's {@code java}, the options, the class path, the client's main class, the handler. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (nativeClient != null) {
            command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, FunctionZip.classpath(task, runtimeJars)));
        command.add(FunctionZip.RUNTIME_CLIENT_MAIN);
        command.add(FunctionZip.JVM_HANDLER);
        return command;
    }

    /** The whole environment of the process: Lambda's (the part the runtime client and the SDK read), then the configuration. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("_HANDLER", FunctionZip.JVM_HANDLER);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", MEMORY_MB);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        if (region != null) {
            env.put("AWS_REGION", region);
            env.put("AWS_DEFAULT_REGION", region);
        }
        // No shared config or credentials files: the person's own AWS setup never reaches the function.
        env.put("AWS_CONFIG_FILE", task.resolve(".no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", task.resolve(".no-aws-credentials").toString());
        env.putAll(configuration);
        return env;
    }

    /** Starts the process in the task root, its output to {@link #log()}. */
    public Process start() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command()).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment());
        return builder.start();
    }

    /**
     * The runtime interface client's JNI library for this machine (Linux x86_64 or arm64, glibc or
     * musl), extracted from its jar into {@code dir} unless the same file is there already.
     *
     * @throws IllegalStateException on another platform, or when the jars hold no library for this one
     */
    public static Path extractNativeClient(List<Path> runtimeJars, Path dir) throws IOException {
        String entry = nativeClientEntry();
        Path target = dir.resolve(entry.substring("jni/".length()));
        for (Path jar : runtimeJars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry e = zip.getEntry(entry);
                if (e == null) {
                    continue;
                }
                if (!Files.exists(target) || Files.size(target) != e.getSize()) {
                    Files.createDirectories(dir);
                    // Another process may be loading the file: a new one replaces it, never a half-written one.
                    Path tmp = Files.createTempFile(dir, "jni", ".tmp");
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return target;
            }
        }
        throw new IllegalStateException("no " + entry + " in the Lambda runtime interface client " + runtimeJars
                + "; copy it again with './mvnw dependency:copy@lambda-java-runtime'");
    }

    /** The library's entry in the client's jar for this machine. */
    static String nativeClientEntry() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("AWS's Lambda runtime interface client has no native library "
                    + "for " + System.getProperty("os.arch") + "; it runs on Linux x86_64 or arm64");
        };
        boolean musl;
        try (var libs = Files.list(Path.of("/lib"))) {
            musl = libs.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        } catch (IOException e) {
            musl = false;
        }
        return "jni/libaws-lambda-jni.linux" + (musl ? "_musl" : "") + "-" + arch + ".so";
    }
}
