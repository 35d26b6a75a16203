package io.shepherd.streams.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Reads committed records of a topic between two offset snapshots, and sums what a store's changelog holds: bytes
 * written over the run, and the latest value per key (what a compacted changelog keeps, tombstones removed).
 */
final class TopicScan {

    /** What one changelog holds: all records written, and the live keys with the bytes of their latest values. */
    record ChangelogSize(String topic, long recordsWritten, long bytesWritten, long liveKeys, long liveKeyBytes, long liveValueBytes) {

        double valueBytesPerKey() {
            return liveKeys == 0 ? 0 : (double) liveValueBytes / liveKeys;
        }
    }

    private TopicScan() {
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("end offsets of " + topic, e);
        }
    }

    /** Calls {@code each} for every committed record from {@code from} (missing partitions: 0) to the current end. */
    static long scan(String bootstrap, String topic, Map<TopicPartition, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp, 0L));
            }
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record);
                    count++;
                }
            }
        }
        return count;
    }

    static ChangelogSize changelog(String bootstrap, String topic) {
        Map<Bytes, Integer> latest = new HashMap<>();
        long[] written = new long[2];
        scan(bootstrap, topic, Map.of(), record -> {
            int keyBytes = record.key() == null ? 0 : record.key().length;
            int valueBytes = record.value() == null ? 0 : record.value().length;
            written[0]++;
            written[1] += keyBytes + valueBytes;
            if (record.value() == null) {
                latest.remove(Bytes.wrap(record.key()));
            } else {
                latest.put(Bytes.wrap(record.key()), valueBytes);
            }
        });
        long keyBytes = latest.keySet().stream().mapToLong(k -> k.get().length).sum();
        long valueBytes = latest.values().stream().mapToLong(Integer::longValue).sum();
        return new ChangelogSize(topic, written[0], written[1], latest.size(), keyBytes, valueBytes);
    }
}
