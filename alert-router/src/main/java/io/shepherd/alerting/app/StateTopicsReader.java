package io.shepherd.alerting.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.contract.Topics;

/**
 * Reads the topics every router instance shares from their beginning: lifecycle, policies, silences, the
 * notification log and the rollback commands. Construction returns once it has caught up with their ends, so the
 * health listener never starts on a partial picture; then a thread keeps following them.
 */
final class StateTopicsReader implements AutoCloseable {

    static final List<String> TOPICS = List.of(Topics.LIFECYCLE, Topics.POLICIES, Topics.SILENCES, Topics.NOTIFICATION_LOG,
            Topics.ROLLBACK_COMMANDS);
    private static final Logger log = LoggerFactory.getLogger(StateTopicsReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final StateRecords records;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Thread follower;
    private volatile boolean running = true;

    StateTopicsReader(AlertRouterConfig config, StateRecords records, Clock clock, MeterRegistry registry) {
        this.consumer = new KafkaConsumer<>(KafkaWiring.consumerProps(config), new StringDeserializer(), new ByteArrayDeserializer());
        this.records = records;
        this.clock = clock;
        this.registry = registry;
        catchUp();
        this.follower = new Thread(this::follow, "state-topics-reader");
        follower.setDaemon(true);
        follower.start();
    }

    private void catchUp() {
        List<TopicPartition> partitions = TOPICS.stream().flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long count = 0;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                apply(record, false);
                count++;
            }
        }
        log.info("read {} records of {} to their ends", count, TOPICS);
    }

    private void follow() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> apply(record, true));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, boolean live) {
        try {
            records.apply(record.topic(), record.key(), record.value(), clock.instant(), live);
        } catch (RuntimeException e) {
            log.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            registry.counter("shepherd.state.records.unreadable", "topic", record.topic()).increment();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
