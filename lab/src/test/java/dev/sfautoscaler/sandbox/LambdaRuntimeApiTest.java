package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.LambdaInvokeServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API as a Lambda runtime sees it: the next event with its request id and deadline,
 * 202 for a response or an error, and the invoker gets the result or the runtime's error type.
 */
class LambdaRuntimeApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    /** One turn of a runtime's loop: take the next event, answer it with {@code answer(event)} at {@code path}. */
    private CompletableFuture<Integer> runtimeTurn(LambdaRuntimeApi api, String path, String errorType, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String base = "http://" + api.address() + "/2018-06-01/runtime/invocation/";
                HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(base + "next")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                assertTrue(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow())
                        > System.currentTimeMillis());
                assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:f",
                        next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + id + "/" + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body.replace("EVENT", next.body())));
                if (errorType != null) {
                    post.header("Lambda-Runtime-Function-Error-Type", errorType);
                }
                return http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anEventGoesToTheRuntimeAndItsResponseComesBack() throws Exception {
        try (LambdaRuntimeApi api = new LambdaRuntimeApi("f", "arn:aws:lambda:eu-west-1:123456789012:function:f")) {
            CompletableFuture<Integer> runtime = runtimeTurn(api, "response", null, "{\"echo\":EVENT}");
            assertEquals("{\"echo\":{\"n\":1}}", api.invoke("{\"n\":1}", Duration.ofSeconds(10)));
            assertEquals(202, runtime.get());
        }
    }

    @Test
    void aFunctionErrorComesBackWithTheRuntimesErrorType() throws Exception {
        try (LambdaRuntimeApi api = new LambdaRuntimeApi("f", "arn:aws:lambda:eu-west-1:123456789012:function:f")) {
            CompletableFuture<Integer> runtime = runtimeTurn(api, "error", "dev.sfautoscaler.core.error.FleetBusy",
                    "{\"errorType\":\"dev.sfautoscaler.core.error.FleetBusy\",\"errorMessage\":\"fleet sfr-1 is busy\"}");
            FunctionError e = assertThrows(FunctionError.class, () -> api.invoke("{}", Duration.ofSeconds(10)));
            assertEquals("dev.sfautoscaler.core.error.FleetBusy", e.errorType());
            assertEquals("fleet sfr-1 is busy", e.getMessage());
            assertEquals(202, runtime.get());
        }
    }

    @Test
    void noAnswerInTimeIsATimeout() throws Exception {
        try (LambdaRuntimeApi api = new LambdaRuntimeApi("f", "arn:aws:lambda:eu-west-1:123456789012:function:f")) {
            FunctionError e = assertThrows(FunctionError.class, () -> api.invoke("{}", Duration.ofMillis(200)));
            assertEquals("Sandbox.Timedout", e.errorType());
            assertEquals("Task timed out after 0.20 seconds", e.getMessage());
        }
    }
}
