package dev.sfautoscaler.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * Sits between AWS's Lambda runtime interface client and the Quarkus mock event server, which
 * speak the same Lambda Runtime API with one difference: the mock server acknowledges a posted
 * response or error with 204, the real Runtime API (and so the client, which checks) with 202
 * Accepted. Everything is forwarded as is; only that acknowledgement is translated.
 */
public final class RuntimeApiBridge implements AutoCloseable {

    private final URI mockServer;
    private final LocalHttp server;

    public RuntimeApiBridge(URI mockServer) throws IOException {
        this.mockServer = mockServer;
        this.server = LocalHttp.start("lambda-runtime-api-bridge", this::forward);
    }

    /** {@code host:port}, for {@code AWS_LAMBDA_RUNTIME_API} (plus the mock server's base path). */
    public String hostAndPort() {
        return "127.0.0.1:" + server.port();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpResponse<byte[]> response = LocalHttp.forward(exchange, exchange.getRequestBody().readAllBytes(),
                    mockServer);
            String path = exchange.getRequestURI().getPath();
            boolean acknowledgement = response.statusCode() == 204
                    && (path.endsWith("/response") || path.endsWith("/error"));
            LocalHttp.relay(exchange, response, acknowledgement ? 202 : response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
