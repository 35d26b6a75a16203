package io.shepherd.projections.monitoring;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

import io.shepherd.monitoring.HttpEndpoints;

/** {@code GET /health} (200 or 503, JSON) and {@code GET /metrics} (Prometheus text format) on one port. */
public final class MonitoringServer implements AutoCloseable {

    private final HttpEndpoints endpoints;

    public MonitoringServer(int port, Supplier<LagHealth.Status> health, Supplier<String> metrics) throws IOException {
        endpoints = new HttpEndpoints("0.0.0.0", port, Map.of(
                "/health", () -> {
                    LagHealth.Status status = health.get();
                    return HttpEndpoints.Response.json(status.healthy(), "{\"status\":\"" + (status.healthy() ? "UP" : "DOWN")
                            + "\",\"detail\":\"" + status.detail().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
                },
                "/metrics", () -> HttpEndpoints.Response.prometheus(metrics.get())));
    }

    public int port() {
        return endpoints.port();
    }

    @Override
    public void close() {
        endpoints.close();
    }
}
