package io.shepherd.projections.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.shepherd.projections.sink.OffsetTracker;

/**
 * Records not yet in Elasticsearch, per partition: those read but not acknowledged (not merely consumed, so an
 * Elasticsearch outage shows as growing lag even though the consumer keeps reading) plus those not read yet, the end
 * offset minus the consumer's position. The position, not the last record's offset, because the consumer moves it past
 * the transaction markers it skips: a partition written by a transactional producer ends with a marker that the end
 * offset counts and that is no record, so at rest the lag is 0, not 1 per partition.
 */
public final class LagGauge {

    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private volatile long measuredAtMillis = -1;

    void update(Consumer<byte[], byte[]> consumer, OffsetTracker tracker) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(5));
        lag.keySet().retainAll(assigned);
        ends.forEach((tp, end) -> {
            long unread = Math.max(0, end - consumer.position(tp, Duration.ofSeconds(5)));
            lag.put(tp, tracker.inFlight(tp) + unread);
        });
        measuredAtMillis = System.currentTimeMillis();
    }

    public Map<TopicPartition, Long> perPartition() {
        Map<TopicPartition, Long> sorted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        sorted.putAll(lag);
        return sorted;
    }

    public long total() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** When the lag was last measured (epoch ms), -1 before the first measurement. */
    public long measuredAtMillis() {
        return measuredAtMillis;
    }
}
