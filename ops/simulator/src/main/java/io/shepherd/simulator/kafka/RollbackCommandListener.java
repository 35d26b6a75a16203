package io.shepherd.simulator.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.contract.Topics;
import io.shepherd.events.RollbackRequested;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;

/**
 * Reads the committed rollback commands and hands them to the deployment controller. Each run reads the topic from
 * the start under its own group: a command for a version that no longer serves is ignored by the controller.
 */
public final class RollbackCommandListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RollbackCommandListener.class);

    private final KafkaConsumer<String, RollbackRequested> consumer;
    private final Thread thread;

    public RollbackCommandListener(String bootstrapServers, String registryUrl, String groupId, Consumer<RollbackRequested> handler) {
        this(bootstrapServers, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), groupId, handler, KafkaClientSettings.NONE);
    }

    /**
     * @param serdeConfig the registry's URL and client properties
     * @param kafkaClient client properties passed through (security, timeouts)
     */
    public RollbackCommandListener(String bootstrapServers, Map<String, Object> serdeConfig, String groupId,
                                   Consumer<RollbackRequested> handler, KafkaClientSettings kafkaClient) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        kafkaClient.properties().forEach(props::put);
        AvroDeserializer<RollbackRequested> values = new AvroDeserializer<>(RollbackRequested.class);
        values.configure(serdeConfig, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.thread = new Thread(() -> run(handler), "rollback-commands");
        this.thread.setDaemon(true);
    }

    public RollbackCommandListener start() {
        thread.start();
        return this;
    }

    private void run(Consumer<RollbackRequested> handler) {
        try {
            consumer.subscribe(List.of(Topics.ROLLBACK_COMMANDS));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (ConsumerRecord<String, RollbackRequested> record : consumer.poll(Duration.ofMillis(500))) {
                        handler.accept(record.value());
                    }
                } catch (RecordDeserializationException e) {
                    // Not a command this controller can read, so not one it may act on: skipped, and said loudly.
                    LOG.error("rollback command at {} offset {} cannot be read and is skipped: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            LOG.debug("rollback listener stopping");
        } catch (RuntimeException e) {
            LOG.error("the rollback listener stopped: rollback commands are no longer applied", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
