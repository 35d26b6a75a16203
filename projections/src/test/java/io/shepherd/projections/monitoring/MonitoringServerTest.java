package io.shepherd.projections.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.shepherd.projections.sink.SinkCounters;

class MonitoringServerTest {

    @Test
    void healthAnswers503WhenLagGrowsWithoutBoundAndMetricsExportTheLagPerPartition() throws Exception {
        AtomicReference<LagHealth.Status> status = new AtomicReference<>(new LagHealth.Status(true, "lag 0 records"));
        String metrics = Metrics.render(Map.of(new TopicPartition("shepherd.drift-scores", 2), 1234L), new SinkCounters(), true);
        HttpClient http = HttpClient.newHttpClient();
        try (MonitoringServer server = new MonitoringServer(0, status::get, () -> metrics)) {
            String base = "http://127.0.0.1:" + server.port();

            assertThat(get(http, base + "/health").statusCode()).isEqualTo(200);
            status.set(new LagHealth.Status(false, "lag 9000 records, grew from 10 without decreasing for PT5M"));
            HttpResponse<String> unhealthy = get(http, base + "/health");
            HttpResponse<String> exported = get(http, base + "/metrics");

            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(unhealthy.body()).contains("\"status\":\"DOWN\"", "grew from 10");
            assertThat(exported.body()).contains(
                    "shepherd_projections_consumer_lag{topic=\"shepherd.drift-scores\",partition=\"2\"} 1234\n",
                    "shepherd_projections_slow_bulk_requests_total 0\n",
                    "shepherd_projections_waiting_for_elasticsearch 1\n");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
