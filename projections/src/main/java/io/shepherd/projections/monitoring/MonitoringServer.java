package io.shepherd.projections.monitoring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** {@code GET /health} (200 or 503, JSON) and {@code GET /metrics} (Prometheus text format) on one port. */
public final class MonitoringServer implements AutoCloseable {

    private final HttpServer server;

    public MonitoringServer(int port, Supplier<LagHealth.Status> health, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> {
            LagHealth.Status status = health.get();
            String body = "{\"status\":\"" + (status.healthy() ? "UP" : "DOWN") + "\",\"detail\":\""
                    + status.detail().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
            respond(exchange, status.healthy() ? 200 : 503, "application/json", body);
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4", metrics.get()));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
