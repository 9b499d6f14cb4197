package dev.sfautoscaler.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda stand-in answers the Invoke API as Lambda does and passes everything else through. */
class LambdaInvokeServerTest {

    /** What the AWS SDKs send a function name as: a full ARN, URL-encoded, here with a qualifier. */
    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:sfautoscaler-decide:$LATEST";

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer upstream;
    private final AtomicReference<String> forwarded = new AtomicReference<>();
    private LambdaInvokeServer lambda;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            forwarded.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"executionArn\":\"arn:x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-amzn-RequestId", "req-1");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        lambda = LambdaInvokeServer.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        lambda.close();
        upstream.stop(0);
    }

    @Test
    void invokesTheRegisteredFunctionByNameOrArn() throws Exception {
        lambda.register("sfautoscaler-decide", payload -> "{\"seen\":" + payload + "}");

        HttpResponse<String> byArn = invoke(URLEncoder.encode(ARN, StandardCharsets.UTF_8), "{\"round\":1}");
        HttpResponse<String> byName = invoke("sfautoscaler-decide", "{\"round\":2}");

        assertEquals(200, byArn.statusCode());
        assertEquals("{\"seen\":{\"round\":1}}", byArn.body());
        assertTrue(byArn.headers().firstValue("X-Amz-Function-Error").isEmpty());
        assertEquals("{\"seen\":{\"round\":2}}", byName.body());
        assertEquals(List.of("{\"round\":1}", "{\"round\":2}"), lambda.payloads("sfautoscaler-decide"));
        assertEquals(0, lambda.invocations("sfautoscaler-modify"));
    }

    @Test
    void anExceptionIsAFunctionErrorNamedByItsClass() throws Exception {
        lambda.register("sfautoscaler-modify", payload -> {
            throw new IllegalStateException("fleet sfr-1 is in state 'modifying'");
        });

        HttpResponse<String> response = invoke("sfautoscaler-modify", "{}");

        assertEquals(200, response.statusCode(), "Lambda reports function errors with status 200");
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(""));
        JsonNode error = new ObjectMapper().readTree(response.body());
        assertEquals("java.lang.IllegalStateException", error.path("errorType").asText());
        assertEquals("fleet sfr-1 is in state 'modifying'", error.path("errorMessage").asText());
        assertEquals(1, lambda.invocations("sfautoscaler-modify"));
    }

    @Test
    void aFunctionErrorFromAnotherProcessKeepsItsErrorType() throws Exception {
        lambda.register("sfautoscaler-modify", payload -> {
            throw new LambdaInvokeServer.FunctionError("dev.sfautoscaler.core.error.FleetBusy", "fleet sfr-1 is busy");
        });

        HttpResponse<String> response = invoke("sfautoscaler-modify", "{}");

        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(""));
        JsonNode error = new ObjectMapper().readTree(response.body());
        assertEquals("dev.sfautoscaler.core.error.FleetBusy", error.path("errorType").asText());
        assertEquals("fleet sfr-1 is busy", error.path("errorMessage").asText());
    }

    @Test
    void anUnknownFunctionIsNotFound() throws Exception {
        HttpResponse<String> response = invoke("sfautoscaler-nothing", "{}");

        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElse(""));
    }

    @Test
    void everyOtherRequestGoesToTheEmulatorUnchanged() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(lambda.endpoint().resolve("/?probe=1"))
                .header("X-Amz-Target", "AWSStepFunctions.StartExecution")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"run-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("POST /?probe=1 AWSStepFunctions.StartExecution {\"name\":\"run-1\"}", forwarded.get());
        assertEquals(201, response.statusCode());
        assertEquals("req-1", response.headers().firstValue("x-amzn-RequestId").orElse(""));
        assertEquals("{\"executionArn\":\"arn:x\"}", response.body());
    }

    private HttpResponse<String> invoke(String function, String payload) throws Exception {
        return http.send(HttpRequest.newBuilder(lambda.endpoint().resolve("/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
