package dev.sfautoscaler.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the AWS Lambda service in front of the emulator: it answers the Lambda Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}) with registered functions, and forwards
 * every other request unchanged to {@code upstream} (moto, or the {@code FaultProxy} in front of
 * it). moto's Step Functions interpreter sends its Lambda task calls and its {@code aws-sdk:*}
 * task calls to {@code http://localhost:$MOTO_PORT}; start moto with {@code MOTO_PORT} set to this
 * server's port and the state machine's tasks run on the functions registered here.
 *
 * <p>A function gets the invocation payload as JSON text and returns JSON text. An exception it
 * throws becomes a function error the way the Quarkus Lambda runtime reports one: status 200,
 * header {@code X-Amz-Function-Error: Unhandled}, body {@code {"errorType": <the exception's fully
 * qualified class name>, "errorMessage": ...}}; Step Functions matches {@code errorType} in Retry
 * and Catch. An unknown function gets Lambda's 404 {@code ResourceNotFoundException}.
 *
 * <pre>{@code
 * try (LambdaInvokeServer lambda = LambdaInvokeServer.start(moto.endpoint())) {
 *     lambda.register("sfautoscaler-decide", payload -> decideHandlerAsJson(payload));
 *     // start moto with MOTO_PORT = lambda.port() ...
 *     assertEquals(0, lambda.invocations("sfautoscaler-modify"));
 * }
 * }</pre>
 */
public final class LambdaInvokeServer implements AutoCloseable {

    /** A Lambda function: invocation payload (JSON) in, result (JSON) out; any exception is a function error. */
    @FunctionalInterface
    public interface LambdaFunction {
        String invoke(String payload) throws Exception;
    }

    /**
     * A function error reported by a function that runs elsewhere (another process): its
     * {@code errorType} is passed on as is instead of this exception's class name.
     */
    public static final class FunctionError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        public FunctionError(String errorType, String errorMessage) {
            super(errorMessage);
            this.errorType = Objects.requireNonNull(errorType, "errorType");
        }

        public String errorType() {
            return errorType;
        }
    }

    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    /** Lambda accepts a name, a partial ARN (account:function:name) or a full ARN, each with an optional qualifier. */
    private static final Pattern FUNCTION_ARN = Pattern.compile("^(?:arn:[^:]+:lambda:[^:]+:)?(?:\\d{12}:)?(?:function:)?([^:]+)(?::[^:]+)?$");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalHttp server;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> payloads = new ConcurrentHashMap<>();
    private volatile URI upstream;

    private LambdaInvokeServer(URI upstream) {
        this.upstream = upstream;
    }

    /**
     * Starts on a free local port. {@code upstream} may be {@code null} when the emulator can only
     * be started once this server's port is known; set it with {@link #forwardTo(URI)}.
     */
    public static LambdaInvokeServer start(URI upstream) {
        LambdaInvokeServer lambda = new LambdaInvokeServer(upstream);
        try {
            lambda.server = LocalHttp.start("lambda-invoke-server", lambda::handle);
            return lambda;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Lambda invoke server: " + e.getMessage(), e);
        }
    }

    /** Where requests that are not Lambda invocations go. */
    public LambdaInvokeServer forwardTo(URI target) {
        this.upstream = Objects.requireNonNull(target, "upstream");
        return this;
    }

    /** Registers (or replaces) the function answering invocations of {@code functionName}. */
    public LambdaInvokeServer register(String functionName, LambdaFunction function) {
        functions.put(functionName, Objects.requireNonNull(function, "function"));
        return this;
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** How many times {@code functionName} was invoked (including invocations that failed). */
    public int invocations(String functionName) {
        return payloads(functionName).size();
    }

    /** The payloads {@code functionName} was invoked with, oldest first. */
    public List<String> payloads(String functionName) {
        return List.copyOf(payloads.getOrDefault(functionName, List.of()));
    }

    /** Forgets the recorded invocations (the registered functions stay). */
    public void clearInvocations() {
        payloads.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if ("POST".equals(exchange.getRequestMethod()) && invoke.matches()) {
                invoke(exchange, URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
            } else {
                forward(exchange);
            }
        } catch (RuntimeException | IOException e) {
            // The caller sees a 502; the test's own assertions say what went wrong.
            byte[] body = ("LambdaInvokeServer: " + e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void invoke(HttpExchange exchange, String functionRef) throws IOException {
        Matcher arn = FUNCTION_ARN.matcher(functionRef);
        String name = arn.matches() ? arn.group(1) : functionRef;
        String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        LambdaFunction function = functions.get(name);
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (function == null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "ResourceNotFoundException");
            respond(exchange, 404, json(Map.of("Type", "User", "Message", "Function not found: " + functionRef)));
            return;
        }
        payloads.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(payload);
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        String result;
        try {
            result = function.invoke(payload.isBlank() ? "{}" : payload);
        } catch (Exception | Error e) {
            String errorType = e instanceof FunctionError remote ? remote.errorType() : e.getClass().getName();
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
            respond(exchange, 200, json(Map.of("errorType", errorType,
                    "errorMessage", String.valueOf(e.getMessage()))));
            return;
        }
        respond(exchange, 200, result == null ? "null" : result);
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI target = upstream;
        if (target == null) {
            throw new IllegalStateException("no upstream to forward " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + " to; call forwardTo(...) first");
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpResponse<byte[]> response;
        try {
            response = LocalHttp.forward(exchange, body, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + target, e);
        }
        LocalHttp.relay(exchange, response, response.statusCode(), response.body());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
