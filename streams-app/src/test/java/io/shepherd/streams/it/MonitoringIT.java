package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.monitoring.HttpEndpoints;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;
import io.shepherd.streams.monitoring.StreamsHealth;

/**
 * The streams app's health and metrics over HTTP on the real broker: alive once started, ready once RUNNING with its
 * state restored, and Kafka Streams' metrics in the Prometheus text format; not alive once closed.
 */
@ExtendWith(LocalStackExtension.class)
class MonitoringIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livenessReadinessAndMetricsAnswerAsTheAppStartsRunsAndStops(LocalStack stack, @TempDir Path dir) throws Exception {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", "monitoring-" + UUID.randomUUID().toString().substring(0, 8),
                "SHEPHERD_STATE_DIR", dir.toString(), "SHEPHERD_HTTP_BIND", "127.0.0.1", "SHEPHERD_HTTP_PORT", "0")));
        StreamsHealth health = new StreamsHealth();
        KafkaStreams streams = StreamsApp.start(config, health);
        try (HttpEndpoints endpoints = StreamsApp.monitoring(config, streams, health)) {
            String base = "http://127.0.0.1:" + endpoints.port();
            assertThat(get(base + "/health/liveness").statusCode()).isEqualTo(200);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            HttpResponse<String> ready = get(base + "/health/readiness");
            while (ready.statusCode() != 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                ready = get(base + "/health/readiness");
            }
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"state\":\"RUNNING\"", "\"restoringPartitions\":0");

            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("# TYPE kafka_stream_thread_metrics_process_rate gauge",
                    "kafka_stream_thread_metrics_commit_latency_avg{", "kafka_consumer_fetch_manager_metrics_records_lag",
                    "shepherd_streams_restoring_partitions 0");

            streams.close(Duration.ofSeconds(30));
            assertThat(get(base + "/health/liveness").statusCode()).isEqualTo(503);
            assertThat(get(base + "/health/readiness").statusCode()).isEqualTo(503);
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
