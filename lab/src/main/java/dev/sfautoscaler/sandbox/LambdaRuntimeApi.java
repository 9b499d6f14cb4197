package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.testkit.LambdaInvokeServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sfautoscaler.testkit.LambdaInvokeServer.FunctionError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda service's side of the Lambda Runtime API for one function instance: the runtime in the
 * function's process (AWS's runtime interface client) polls {@code GET .../invocation/next}, gets
 * an event, and posts its result to {@code .../invocation/{requestId}/response} or
 * {@code .../error}; both are acknowledged with 202, as Lambda does. {@link #invoke} hands an event
 * to the runtime and waits for its answer, so the function runs exactly as on Lambda, one event at a
 * time.
 *
 * <p>The Lambda service cannot be emulated by moto here (its Lambda needs Docker); this is the part
 * of it that the packaged function talks to.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";
    private static final Pattern RESULT = Pattern.compile("^" + BASE + "/invocation/([^/]+)/(response|error)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Invocation(String requestId, String payload, long deadlineMillis, CompletableFuture<String> result) {
    }

    private final String functionName;
    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> events = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CountDownLatch firstPoll = new CountDownLatch(1);
    private volatile String initError;
    private volatile boolean closed;

    LambdaRuntimeApi(String functionName, String functionArn) {
        this.functionName = functionName;
        this.functionArn = functionArn;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new SandboxException("cannot open a local port for the Lambda Runtime API of " + functionName
                    + ": " + e.getMessage());
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} for the function's process. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits until the runtime asks for its first event (it has started); false on timeout. */
    boolean awaitFirstPoll(Duration timeout) throws InterruptedException {
        return firstPoll.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error the runtime reported while it initialised, if it did. */
    String initError() {
        return initError;
    }

    /**
     * Runs one invocation: the payload goes to the runtime's next poll, the result comes back. A
     * function error comes back as {@link FunctionError} with the runtime's {@code errorType}; no
     * answer within {@code timeout} is the error Lambda reports for a timeout.
     */
    String invoke(String payload, Duration timeout) throws FunctionError, InterruptedException {
        if (closed) {
            throw new FunctionError("Sandbox.Stopped", "the function " + functionName + " has been stopped");
        }
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        events.add(invocation);
        try {
            return invocation.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            events.remove(invocation);
            running.remove(invocation.requestId());
            throw new FunctionError("Sandbox.Timedout", String.format(java.util.Locale.ROOT,
                    "Task timed out after %.2f seconds", timeout.toMillis() / 1000.0));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionError error) {
                throw error;
            }
            throw new FunctionError("Runtime.Unknown", String.valueOf(e.getCause()));
        }
    }

    /** Fails every pending invocation, e.g. because the function's process has exited. */
    void failAll(String errorType, String message) {
        for (Invocation i : events) {
            i.result().completeExceptionally(new FunctionError(errorType, message));
        }
        events.clear();
        for (Invocation i : running.values()) {
            i.result().completeExceptionally(new FunctionError(errorType, message));
        }
        running.clear();
    }

    @Override
    public void close() {
        closed = true;
        failAll("Sandbox.Stopped", "the function " + functionName + " has been stopped");
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals(BASE + "/invocation/next")) {
                next(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher result = RESULT.matcher(path);
            if ("POST".equals(method) && result.matches()) {
                Invocation invocation = running.remove(result.group(1));
                if (invocation == null) {
                    respond(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                String text = new String(body, StandardCharsets.UTF_8);
                if (result.group(2).equals("response")) {
                    invocation.result().complete(text);
                } else {
                    invocation.result().completeExceptionally(functionError(exchange, text));
                }
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("POST".equals(method) && path.equals(BASE + "/init/error")) {
                initError = functionError(exchange, new String(body, StandardCharsets.UTF_8)).getMessage();
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"unknown path " + path + "\"}");
            }
        }
    }

    /** Long poll: waits for the next event, as the real Runtime API does. */
    private void next(HttpExchange exchange) throws IOException {
        firstPoll.countDown();
        Invocation invocation;
        try {
            do {
                invocation = events.poll(1, TimeUnit.SECONDS);
            } while (invocation == null && !closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (invocation == null) {
            return;
        }
        running.put(invocation.requestId(), invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        respond(exchange, 200, invocation.payload());
    }

    private static FunctionError functionError(HttpExchange exchange, String body) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String message = body;
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                if (error.hasNonNull("errorType")) {
                    type = error.get("errorType").asText();
                }
                message = error.path("errorMessage").asText(body);
            }
        } catch (IOException notJson) {
            // keep the body as the message
        }
        return new FunctionError(type == null || type.isBlank() ? "Runtime.Unknown" : type, message);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
