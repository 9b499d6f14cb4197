package dev.sfautoscaler.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of the emulator that injects the AWS faults the emulator cannot produce.
 * Everything not configured is forwarded unchanged. It recognises the action of each request
 * (query protocol {@code Action=...} for EC2 and SNS, {@code X-Amz-Target} for JSON-protocol SQS),
 * records it, and can:
 * <ul>
 *   <li>answer an action with an AWS-shaped error ({@link #fail}): EC2's {@code <Response><Errors>}
 *       XML, the query protocol's {@code <ErrorResponse>} for SNS, JSON {@code __type} for SQS;</li>
 *   <li>rewrite the emulator's answer to an action ({@link #rewrite}), e.g. show a spot fleet in
 *       state {@code modifying} ({@link #showFleetState}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(moto.endpoint())) {
 *     proxy.fail("ModifySpotFleetRequest", 400, "FleetNotInModifiableState", "fleet is not active");
 *     // point the SDK clients at proxy.endpoint()
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([^&]*)");
    private static final Pattern SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");

    private final URI upstream;
    private LocalHttp server;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<String>> rewrites = new ConcurrentHashMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> onDemand = new ConcurrentHashMap<>();

    private FaultProxy(URI upstream) {
        this.upstream = upstream;
    }

    /** Starts the proxy on a free local port, forwarding to {@code upstream}. */
    public static FaultProxy start(URI upstream) {
        FaultProxy proxy = new FaultProxy(upstream);
        try {
            proxy.server = LocalHttp.start("fault-proxy", proxy::handle);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /**
     * Answers every call of {@code action} with an AWS error until {@link #clear()}.
     *
     * @param status  HTTP status AWS uses for the code (400 for client faults, 503 for throttling ...)
     * @param code    the AWS error code, e.g. {@code RequestLimitExceeded}
     * @param message AWS's message
     */
    public FaultProxy fail(String action, int status, String code, String message) {
        return fail(action, status, code, message, Integer.MAX_VALUE);
    }

    /** As {@link #fail(String, int, String, String)}, for the next {@code times} calls only. */
    public FaultProxy fail(String action, int status, String code, String message, int times) {
        faults.put(action, new Fault(status, code, message, new AtomicInteger(times)));
        return this;
    }

    /** Passes the emulator's response body for {@code action} through {@code rewrite}. */
    public FaultProxy rewrite(String action, UnaryOperator<String> rewrite) {
        rewrites.merge(action, rewrite, (a, b) -> body -> b.apply(a.apply(body)));
        return this;
    }

    /** Makes DescribeSpotFleetRequests report every fleet in {@code state} (e.g. {@code modifying}). */
    public FaultProxy showFleetState(String state) {
        return rewrite("DescribeSpotFleetRequests", body -> withFleetState(body, state));
    }

    /**
     * A DescribeSpotFleetRequests answer with every fleet in {@code state}: for a {@link #rewrite} that
     * shows the state on some reads only.
     */
    public static String withFleetState(String describeBody, String state) {
        return describeBody.replaceAll("<spotFleetRequestState>[^<]*</spotFleetRequestState>",
                "<spotFleetRequestState>" + state + "</spotFleetRequestState>");
    }

    /** Makes DescribeSpotFleetRequests report every fleet as of {@code type} (the emulator omits Type). */
    public FaultProxy showFleetType(String type) {
        return rewrite("DescribeSpotFleetRequests", body -> body
                .replaceAll("<type>[^<]*</type>", "")
                .replace("<spotFleetRequestConfig>", "<spotFleetRequestConfig><type>" + type + "</type>"));
    }

    /**
     * Plays EC2's on-demand part of one fleet, which the emulator ignores: DescribeSpotFleetRequests of
     * that fleet shows {@code onDemandTargetCapacity} (starting at {@code initial}), and a
     * ModifySpotFleetRequest of it with {@code OnDemandTargetCapacity} sets it, as EC2 does. Refused like
     * EC2 when a target below the on-demand part is asked for.
     */
    public FaultProxy playOnDemandPart(String fleetId, int initial) {
        onDemand.put(fleetId, initial);
        return rewrite("DescribeSpotFleetRequests", body -> withOnDemandPart(body));
    }

    /** The on-demand part {@link #playOnDemandPart} holds for the fleet now. */
    public int onDemandPart(String fleetId) {
        return onDemand.get(fleetId);
    }

    private String withOnDemandPart(String body) {
        for (Map.Entry<String, Integer> e : onDemand.entrySet()) {
            if (body.contains("<spotFleetRequestId>" + e.getKey() + "</spotFleetRequestId>")
                    && body.indexOf("<spotFleetRequestConfig>") == body.lastIndexOf("<spotFleetRequestConfig>")) {
                body = body.replaceAll("<onDemandTargetCapacity>[^<]*</onDemandTargetCapacity>", "")
                        .replace("<spotFleetRequestConfig>", "<spotFleetRequestConfig><onDemandTargetCapacity>"
                                + e.getValue() + "</onDemandTargetCapacity>");
            }
        }
        return body;
    }

    /** For {@link #playOnDemandPart}: EC2's check before, and the new part after, a modification. */
    private boolean refusedForOnDemand(String action, byte[] body, HttpExchange exchange) throws IOException {
        if (!action.equals("ModifySpotFleetRequest") || onDemand.isEmpty()) {
            return false;
        }
        Map<String, String> params = form(body);
        Integer current = onDemand.get(params.get("SpotFleetRequestId"));
        if (current == null) {
            return false;
        }
        int part = params.containsKey("OnDemandTargetCapacity")
                ? Integer.parseInt(params.get("OnDemandTargetCapacity")) : current;
        if (params.containsKey("TargetCapacity") && Integer.parseInt(params.get("TargetCapacity")) < part) {
            answerWithError(exchange, exchange.getRequestHeaders(), "ec2", new Fault(400, "InvalidParameterValue",
                    "TargetCapacity cannot be less than OnDemandTargetCapacity", new AtomicInteger(1)));
            return true;
        }
        onDemand.put(params.get("SpotFleetRequestId"), part);
        return false;
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /**
     * Answers requests whose path starts with {@code pathPrefix} itself instead of forwarding
     * them, e.g. Lambda's {@code /2015-03-31/functions/} for a workflow test that runs the real
     * handlers. Routes stay until the proxy is closed.
     */
    public FaultProxy route(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
        server.route(pathPrefix, handler);
        return this;
    }

    /** Forgets all faults and rewrites, and the recorded actions. */
    public void clear() {
        faults.clear();
        rewrites.clear();
        seen.clear();
        onDemand.clear();
    }

    /** Every action that passed through (or was answered here), in order, e.g. {@code ec2:CreateTags}. */
    public List<String> actions() {
        return new ArrayList<>(seen);
    }

    /** How many calls of {@code action} (without service prefix) arrived. */
    public long count(String action) {
        return seen.stream().filter(a -> a.endsWith(":" + action)).count();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            String service = service(headers);
            String action = action(headers, body);
            seen.add(service + ":" + action);
            Fault fault = faults.get(action);
            if (fault != null && fault.remaining.getAndDecrement() > 0) {
                answerWithError(exchange, headers, service, fault);
                return;
            }
            if (refusedForOnDemand(action, body, exchange)) {
                return;
            }
            forward(exchange, body, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, byte[] body, String action) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = LocalHttp.forward(exchange, body, upstream);
        byte[] answer = response.body();
        UnaryOperator<String> rewrite = rewrites.get(action);
        if (rewrite != null && response.statusCode() < 300) {
            answer = rewrite.apply(new String(answer, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        LocalHttp.relay(exchange, response, response.statusCode(), answer);
    }

    private static void answerWithError(HttpExchange exchange, Headers request, String service, Fault fault)
            throws IOException {
        String requestId = UUID.randomUUID().toString();
        String body;
        if (request.getFirst("X-Amz-Target") != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-query-error", fault.code + ";Sender");
            body = "{\"__type\":\"com.amazonaws.sqs#" + fault.code + "\",\"message\":\"" + json(fault.message) + "\"}";
        } else if (service.equals("ec2")) {
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(fault.code)
                    + "</Code><Message>" + xml(fault.message) + "</Message></Error></Errors><RequestID>" + requestId
                    + "</RequestID></Response>";
        } else {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
                    + (fault.status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + xml(fault.code)
                    + "</Code><Message>" + xml(fault.message) + "</Message></Error><RequestId>" + requestId
                    + "</RequestId></ErrorResponse>";
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        LocalHttp.send(exchange, fault.status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String service(Headers headers) {
        String auth = headers.getFirst("Authorization");
        if (auth != null) {
            Matcher m = SERVICE.matcher(auth);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "unknown";
    }

    private static String action(Headers headers, byte[] body) {
        String target = headers.getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.lastIndexOf('.') + 1);
        }
        Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private record Fault(int status, String code, String message, AtomicInteger remaining) {
    }
}
