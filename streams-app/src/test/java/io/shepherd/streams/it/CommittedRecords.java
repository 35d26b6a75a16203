package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.stack.LocalStack;

/** What the streams app committed to an output topic, read by the integration tests. */
final class CommittedRecords {

    private CommittedRecords() {
    }

    /** Reads the matching committed records from the start of the topic until the condition holds (3 minutes at most). */
    static <T> List<T> readUntil(LocalStack stack, String topic, Class<T> type, Predicate<T> mine, Predicate<List<T>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        AvroDeserializer<T> values = new AvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], T> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!done.test(records)) {
                assertThat(System.nanoTime()).as("%s reached the expected records in time; got %s", topic, records).isLessThan(deadline);
                for (ConsumerRecord<byte[], T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (mine.test(record.value())) {
                        records.add(record.value());
                    }
                }
            }
        }
        return records;
    }
}
