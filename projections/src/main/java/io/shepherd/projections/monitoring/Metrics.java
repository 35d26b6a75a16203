package io.shepherd.projections.monitoring;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.shepherd.projections.sink.SinkCounters;

/** The projections' metrics in the Prometheus text format. */
public final class Metrics {

    private Metrics() {
    }

    /** @param waiting whether the projections wait for Elasticsearch: a write failed, or a request is unanswered */
    public static String render(Map<TopicPartition, Long> lag, SinkCounters counters, boolean waiting) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP shepherd_projections_consumer_lag Records on Kafka not yet acknowledged by Elasticsearch.\n")
                .append("# TYPE shepherd_projections_consumer_lag gauge\n");
        lag.forEach((tp, value) -> out.append("shepherd_projections_consumer_lag{topic=\"").append(tp.topic())
                .append("\",partition=\"").append(tp.partition()).append("\"} ").append(value).append('\n'));
        out.append("# HELP shepherd_projections_documents_total Bulk items by index and outcome.\n")
                .append("# TYPE shepherd_projections_documents_total counter\n");
        counters.outcomes().forEach((key, value) -> {
            String[] parts = key.split("\\|", 2);
            out.append("shepherd_projections_documents_total{index=\"").append(parts[0]).append("\",outcome=\"")
                    .append(parts[1]).append("\"} ").append(value).append('\n');
        });
        out.append("# HELP shepherd_projections_dead_letters_total Documents Elasticsearch refused, by reason.\n")
                .append("# TYPE shepherd_projections_dead_letters_total counter\n");
        counters.deadLetters().forEach((reason, value) -> out.append("shepherd_projections_dead_letters_total{reason=\"")
                .append(reason).append("\"} ").append(value).append('\n'));
        out.append("# TYPE shepherd_projections_failed_bulk_requests_total counter\n")
                .append("shepherd_projections_failed_bulk_requests_total ").append(counters.failedRequests()).append('\n')
                .append("# HELP shepherd_projections_slow_bulk_requests_total Bulk requests unanswered past the threshold.\n")
                .append("# TYPE shepherd_projections_slow_bulk_requests_total counter\n")
                .append("shepherd_projections_slow_bulk_requests_total ").append(counters.slowRequests()).append('\n')
                .append("# TYPE shepherd_projections_waiting_for_elasticsearch gauge\n")
                .append("shepherd_projections_waiting_for_elasticsearch ").append(waiting ? 1 : 0).append('\n');
        return out.toString();
    }
}
