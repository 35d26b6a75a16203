package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.stack.LocalStack;

/** What the streams app committed to an output topic, read by the integration tests. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    /** Reads the committed values the filter keeps from the start of the topic until the condition holds (3 minutes at most). */
    static <T> List<T> readUntil(LocalStack stack, String topic, Class<T> type, Predicate<T> mine, Predicate<List<T>> done) {
        return readUntil(stack, topic, avro(stack, type), r -> mine.test(r.value()), done);
    }

    /** The same, for any deserializer, filtering on the whole record (partition, tombstones). */
    static <T> List<T> readUntil(LocalStack stack, String topic, Deserializer<T> values, Predicate<ConsumerRecord<byte[], T>> keep,
                                 Predicate<List<T>> done) {
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], T> consumer = consumer(stack, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!done.test(records)) {
                assertThat(System.nanoTime()).as("%s reached the expected records in time; got %s", topic, records).isLessThan(deadline);
                for (ConsumerRecord<byte[], T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keep.test(record)) {
                        records.add(record.value());
                    }
                }
            }
        }
        return records;
    }

    /**
     * Every value the filter keeps that is committed to the topic when this is called: for a test that has already
     * waited for a record the app writes after all those it looks at.
     */
    static <T> List<T> readCommitted(LocalStack stack, String topic, Class<T> type, Predicate<T> mine) {
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], T> consumer = consumer(stack, avro(stack, type))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed, the end is the last stable offset: what is committed now.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("%s read to its committed end in time", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && mine.test(record.value())) {
                        records.add(record.value());
                    }
                }
            }
        }
        return records;
    }

    /**
     * Waits (3 minutes at most) until the app has committed its input past each of these records: everything before
     * them on their partitions is processed and, under exactly-once, its output committed. Live, a task can read one
     * partition ahead of a record sent earlier to another; a test that must not race that waits here before it sends on.
     */
    static void awaitConsumed(LocalStack stack, String application, List<RecordMetadata> records) throws Exception {
        Map<TopicPartition, Long> next = new HashMap<>();
        records.forEach(r -> next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        awaitCommitted(stack, application, next);
    }

    /**
     * Waits until the app has consumed what other tests left on these (shared) input topics, so that records a test
     * sends next are not read in timestamp order among theirs.
     */
    static void awaitCaughtUp(LocalStack stack, String application, String... topics) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
                if (info.offset() > 0) {
                    ends.put(tp, info.offset());
                }
            });
        }
        awaitCommitted(stack, application, ends);
    }

    private static void awaitCommitted(LocalStack stack, String application, Map<TopicPartition, Long> next) throws Exception {
        try (Admin admin = admin(stack)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(application).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                if (next.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue())) {
                    return;
                }
                assertThat(System.nanoTime()).as("%s committed its input up to %s in time; at %s", application, next, committed)
                        .isLessThan(deadline);
                // The app commits every 100 ms.
                Thread.sleep(100);
            }
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    private static <T> KafkaConsumer<byte[], T> consumer(LocalStack stack, Deserializer<T> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        // A topic the app creates (a changelog) may not exist yet: one the broker made for this reader would have one
        // partition, not the app's four, and fail the app's stream threads.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), values);
    }

    static <T> Deserializer<T> avro(LocalStack stack, Class<T> type) {
        AvroDeserializer<T> values = new AvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        return values;
    }
}
