package io.shepherd.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

/** Kafka metrics as Prometheus reads them, served over HTTP. */
class KafkaMetricsTextTest {

    @Test
    void kafkaMetricsBecomePrometheusFamiliesWithTheirTagsAsLabels() {
        try (Metrics metrics = new Metrics()) {
            Sensor sensor = metrics.sensor("dead-letters");
            sensor.add(metrics.metricName("late-total", "stream-shepherd-dead-letters-metrics", "dead letters by reason",
                    Map.of("task-id", "0_1", "shepherd-dead-letters-id", "fraud")), new CumulativeSum());
            sensor.record(3);
            metrics.addMetric(metrics.metricName("process-rate", "stream-thread-metrics", "", Map.of("thread-id", "t\"1")), new Value());
            Map<MetricName, KafkaMetric> all = metrics.metrics();

            String text = KafkaMetricsText.render("kafka", all);

            assertThat(text).contains("# TYPE kafka_stream_shepherd_dead_letters_metrics_late_total counter\n"
                    + "kafka_stream_shepherd_dead_letters_metrics_late_total{shepherd_dead_letters_id=\"fraud\",task_id=\"0_1\"} 3\n");
            assertThat(text).contains("# HELP kafka_stream_shepherd_dead_letters_metrics_late_total dead letters by reason\n");
            assertThat(text).contains("kafka_stream_thread_metrics_process_rate{thread_id=\"t\\\"1\"} 0\n");
        }
    }

    @Test
    void endpointsAnswerGetOnTheirPathAndNothingElse() throws Exception {
        try (HttpEndpoints endpoints = new HttpEndpoints("127.0.0.1", 0, Map.of(
                "/health/readiness", () -> HttpEndpoints.Response.json(false, "{\"status\":\"DOWN\"}")))) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + endpoints.port();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
