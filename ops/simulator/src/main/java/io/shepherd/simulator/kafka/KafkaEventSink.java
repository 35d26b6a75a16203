package io.shepherd.simulator.kafka;

import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.contract.Topics;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.simulator.EventSink;

/**
 * Sends the simulator's events to Kafka in the Confluent wire format through the registry, as a serving system would,
 * and its policies as JSON strings. The producer retries on its own for {@code delivery.timeout.ms}; what still
 * fails is counted and logged, never silent.
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final KafkaProducer<String, Object> events;
    private final KafkaProducer<String, String> policies;
    private final AtomicLong failed = new AtomicLong();

    public KafkaEventSink(String bootstrapServers, String registryUrl) {
        this(bootstrapServers, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), KafkaClientSettings.NONE);
    }

    /**
     * @param serdeConfig the registry's URL and client properties
     * @param kafkaClient client properties passed through (security, timeouts)
     */
    public KafkaEventSink(String bootstrapServers, Map<String, Object> serdeConfig, KafkaClientSettings kafkaClient) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        kafkaClient.properties().forEach(props::put);
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(serdeConfig, false);
        this.events = new KafkaProducer<>(props, new StringSerializer(), values);
        this.policies = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void send(String topic, String key, Instant timestamp, SpecificRecord value) {
        events.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value), (metadata, error) -> {
            if (error != null && failed.incrementAndGet() % 1000 == 1) {
                LOG.error("{} events could not be sent so far; latest to {}: {}", failed.get(), topic, error.toString());
            }
        });
    }

    /** Publishes a model's policy override and waits for the broker to have it, so windows start with it. */
    public void publishPolicy(String modelId, String json) throws Exception {
        policies.send(new ProducerRecord<>(Topics.POLICIES, modelId, json)).get(60, TimeUnit.SECONDS);
    }

    /** Waits until every event sent so far is acknowledged or has failed (and counted). */
    public void flush() {
        events.flush();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        events.close();
        policies.close();
    }
}
