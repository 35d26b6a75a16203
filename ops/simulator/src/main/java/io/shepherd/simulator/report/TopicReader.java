package io.shepherd.simulator.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.contract.Topics;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;

/**
 * Reads Shepherd's output topics from their start (committed records only) and hands every decoded event on. Used
 * live by the demo's timeline and after the fact by the report command; it commits nothing, so it changes nothing.
 */
public final class TopicReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    public static final List<String> TOPICS = List.of(Topics.LIFECYCLE, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH, Topics.PERFORMANCE,
            Topics.ALERTS, Topics.INVESTIGATIONS, Topics.ROLLBACK_COMMANDS);

    private final KafkaConsumer<byte[], Object> consumer;

    public TopicReader(String bootstrapServers, String registryUrl) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "shepherd-report-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl, AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values);
        consumer.subscribe(TOPICS);
    }

    /** One poll; undecodable records are skipped with an error log, so one bad record cannot stop the timeline. */
    public int poll(Duration timeout, Consumer<Object> handler) {
        try {
            int n = 0;
            for (ConsumerRecord<byte[], Object> record : consumer.poll(timeout)) {
                handler.accept(record.value());
                n++;
            }
            return n;
        } catch (RecordDeserializationException e) {
            LOG.error("record at {} offset {} cannot be read and is skipped: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return 1;
        }
    }

    /** Whether every assigned partition has been read to its end. */
    public boolean caughtUp() {
        var assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        var ends = consumer.endOffsets(assigned);
        return assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
