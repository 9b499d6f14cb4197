package dev.sfautoscaler.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function's process is started as Lambda's Java runtime starts it: the runtime client's main
 * class (here a stand-in that prints what it got) with the handler, in the task root, with Lambda's
 * environment and the function's configuration, and none of the caller's environment.
 */
class LambdaRuntimeProcessTest {

    @TempDir
    Path dir;

    @Test
    void theFunctionGetsTheHandlerTheTaskRootAndLambdasEnvironmentOnly() throws Exception {
        Path task = dir.resolve("task");
        Files.createDirectories(task.resolve("lib"));
        Path standIn = Path.of(com.amazonaws.services.lambda.runtime.api.client.AWSLambda.class
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jni = Files.writeString(dir.resolve("libaws-lambda-jni.so"), "not a library");
        LambdaRuntimeProcess function = new LambdaRuntimeProcess(task, List.of(standIn),
                "sfautoscaler-decide", "127.0.0.1:9001/_lambda_").region("eu-west-1").handler("decide")
                .environment(Map.of("AUTOSCALER_EC2_ENDPOINT_OVERRIDE", "http://127.0.0.1:5000"))
                .jvmOptions(List.of("-Dstand-in.property=set", "-Xshare:auto")).nativeClient(jni)
                .log(dir.resolve("logs/decide.log"));

        Process process = function.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the stand-in runtime client did not exit");
        List<String> output = Files.readAllLines(function.log(), StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), String.join("\n", output));
        assertTrue(output.contains("arg " + FunctionZip.JVM_HANDLER), String.join("\n", output));
        assertTrue(output.contains("dir " + task.toRealPath()), String.join("\n", output));
        assertTrue(output.contains("property set"), String.join("\n", output));
        assertTrue(output.contains("jni " + jni), String.join("\n", output));
        Map<String, String> env = new TreeMap<>();
        output.stream().filter(l -> l.startsWith("env ")).map(l -> l.substring(4).split("=", 2))
                .forEach(kv -> env.put(kv[0], kv[1]));
        assertEquals("127.0.0.1:9001/_lambda_", env.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("decide", env.get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals("sfautoscaler-decide", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals(task.toString(), env.get("LAMBDA_TASK_ROOT"));
        assertEquals("http://127.0.0.1:5000", env.get("AUTOSCALER_EC2_ENDPOINT_OVERRIDE"));
        // Nothing else: not the caller's HOME, AWS_PROFILE or credentials.
        assertEquals(new TreeMap<>(function.environment()), env);
    }

    @Test
    void theNativeClientIsExtractedOnceForThisMachine() throws Exception {
        Path jar = dir.resolve("aws-lambda-java-runtime-interface-client.jar");
        byte[] library = "the JNI library".getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(LambdaRuntimeProcess.nativeClientEntry()));
            zip.write(library);
            zip.closeEntry();
        }
        Path out = dir.resolve("functions");

        Path extracted = LambdaRuntimeProcess.extractNativeClient(List.of(jar), out);
        assertArrayEquals(library, Files.readAllBytes(extracted));
        var first = Files.getLastModifiedTime(extracted);
        Thread.sleep(20);
        assertEquals(extracted, LambdaRuntimeProcess.extractNativeClient(List.of(jar), out));
        assertEquals(first, Files.getLastModifiedTime(extracted), "the library was written again");
    }

    @Test
    void runtimeJarsWithoutTheNativeClientAreOneSentence() throws Exception {
        Path jar = dir.resolve("empty.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.closeEntry();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LambdaRuntimeProcess.extractNativeClient(List.of(jar), dir));
        assertTrue(e.getMessage().startsWith("no " + LambdaRuntimeProcess.nativeClientEntry() + " in the Lambda "
                + "runtime interface client"), e.getMessage());
    }
}
