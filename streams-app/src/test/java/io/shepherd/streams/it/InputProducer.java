package io.shepherd.streams.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;

/**
 * Writes the streams app's input topics as producers in the field do, well or badly: events in the Confluent wire
 * format, any bytes as they are, JSON policies; and says where each record landed, so a test can find its dead letter.
 */
final class InputProducer implements AutoCloseable {

    /**
     * Where event time starts for BackfillIT and BadRecordsIT, whose models share partition 3: five hours before this
     * JVM's hour, read once so that the two keep the same distance whichever class loads first.
     */
    static final long PARTITION_3_START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS).toEpochMilli();

    /** A model's policy of 1-minute tumbling windows that close on the first later record, and no silence alarm for a day. */
    static final String MINUTE_WINDOWS = minuteWindows(Duration.ZERO);

    /** The same windows, closing {@code grace} after their end. */
    static String minuteWindows(Duration grace) {
        return """
                {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "%s",
                 "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
                 "liveness": {"noDataAfter": "P1D"}}""".formatted(grace);
    }

    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<Object> avro = new AvroSerializer<>();

    InputProducer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
    }

    /** An event in the wire format, its schema registered under the topic's subject. */
    byte[] encode(String topic, Object event) {
        return avro.serialize(topic, event);
    }

    /** Sends an event (encoded for its topic) or bytes as they are, with the record timestamp {@code time}. */
    RecordMetadata send(String topic, String key, long time, Object value) {
        byte[] bytes = value instanceof byte[] b ? b : value == null ? null : encode(topic, value);
        try {
            return producer.send(new ProducerRecord<>(topic, null, time, key, bytes)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("sending to " + topic + " failed", e);
        }
    }

    void policy(String modelId, String json) {
        send(Topics.POLICIES, modelId, System.currentTimeMillis(), json.getBytes(StandardCharsets.UTF_8));
    }

    void deploy(String modelId, String version, long time) {
        send(Topics.LIFECYCLE, "deploy-" + modelId + "-" + version, time, ModelLifecycle.newBuilder()
                .setEventId("deploy-" + modelId + "-" + version).setModelId(modelId).setEventTime(Instant.ofEpochMilli(time))
                .setType(LifecycleEventType.DEPLOYED).setToVersion(version).setVariant(Variant.CHAMPION).setBaseline(Map.of()).build());
    }

    /**
     * The partition of the model-keyed input topics that a key lands on with the producer's default partitioner,
     * among the contract's 4. The tests run on 12 (a multiple of 4), where a key's partition is
     * this one plus 0, 4 or 8: keys apart among 4 stay apart among 12.
     */
    static int partitionOf(String key) {
        return Topics.partitionOf(key, Topics.byName(Topics.FEATURES).partitions());
    }

    /** Where a record landed, as a dead letter names its source. */
    static String where(RecordMetadata sent) {
        return sent.topic() + ":" + sent.partition() + ":" + sent.offset();
    }

    /** Where a dead letter's record was read, in the same form. */
    static String where(DeadLettered letter) {
        return letter.getSourceTopic() + ":" + letter.getSourcePartition() + ":" + letter.getSourceOffset();
    }

    @Override
    public void close() {
        producer.close();
    }
}
