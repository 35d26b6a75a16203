package io.shepherd.systembench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a Kafka Streams app wrote to its changelog topics ({@code <application.id>-<store>-changelog}), read back from
 * the broker at read_committed once the app has stopped: the serialized key and value of every record, summed. Records
 * of aborted transactions, batch headers and compression are not counted.
 */
final class Changelogs {

    private static final Duration READ_LIMIT = Duration.ofMinutes(15);

    private Changelogs() {
    }

    /**
     * Keeps the broker's log cleaner away from every record younger than a day (the cluster-wide default of
     * {@code min.compaction.lag.ms}), so that a changelog rolling past a segment is not compacted before it is counted.
     */
    static void keepUncompacted(Admin admin) throws Exception {
        var op = new AlterConfigOp(new ConfigEntry("log.cleaner.min.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis())),
                AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), List.of(op))).all()
                .get(30, TimeUnit.SECONDS);
    }

    /** The app's topics whose name ends in {@code -changelog}. */
    static List<String> of(Admin admin, String applicationId) throws Exception {
        return internalTopics(admin, applicationId).stream().filter(t -> t.endsWith("-changelog")).sorted().toList();
    }

    /** Serialized key and value bytes of every committed record of the app's changelog topics. */
    static long committedBytes(String bootstrapServers, Admin admin, String applicationId) throws Exception {
        List<TopicPartition> partitions = partitions(admin, of(admin, applicationId));
        if (partitions.isEmpty()) {
            return 0;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            long bytes = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the changelogs of " + applicationId + " took more than " + READ_LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                }
            }
            return bytes;
        }
    }

    /** Deletes every topic the app made (changelogs, repartition topics): they are measured and only take disk. */
    static void deleteInternalTopics(Admin admin, String applicationId) throws Exception {
        List<String> topics = internalTopics(admin, applicationId);
        if (!topics.isEmpty()) {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> internalTopics(Admin admin, String applicationId) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(applicationId + "-")).toList();
    }

    private static List<TopicPartition> partitions(Admin admin, Collection<String> topics) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
    }
}
