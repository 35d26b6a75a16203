package io.shepherd.alerting.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.pipeline.Router;
import io.shepherd.contract.Topics;

/**
 * On assignment of health partitions, replays each from its beginning up to the committed offset with a consumer of
 * its own, so the alert state is what it was before a restart or rebalance without announcing anything again;
 * records from the committed offset on are live. The notification log keeps receivers from hearing twice.
 */
@Component
class HealthReplay implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(HealthReplay.class);

    private final Router router;
    private final Clock clock;
    private final AlertRouterConfig config;
    private final HealthDecoder decoder;
    private volatile boolean replaying;
    private volatile boolean assigned;

    /** @param caughtUpFirst the shared topics are read before any health record, so the lifecycle is known */
    HealthReplay(Router router, Clock clock, AlertRouterConfig config, StateTopicsReader caughtUpFirst) {
        this.router = router;
        this.clock = clock;
        this.config = config;
        this.decoder = new HealthDecoder(config.serdeConfig());
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        replaying = true;
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            partitions.forEach(tp -> committed.put(tp, consumer.position(tp)));
            replay(committed);
        } finally {
            replaying = false;
            assigned = true;
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        release(consumer, partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        release(consumer, partitions);
    }

    /** Health records are keyed by model id with Kafka's default partitioner, so a model's partition is known. */
    private void release(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        int count = consumer.partitionsFor(Topics.MODEL_HEALTH).size();
        Set<Integer> released = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        router.release(model -> released.contains(partitionOf(model, count)));
        log.info("released the alerts of health partitions {}", released);
    }

    static int partitionOf(String modelId, int partitions) {
        return Topics.partitionOf(modelId, partitions);
    }

    /** True while a replay runs: due groups wait, so no half-replayed state is notified. */
    boolean replaying() {
        return replaying;
    }

    boolean assigned() {
        return assigned;
    }

    private void replay(Map<TopicPartition, Long> until) {
        Map<String, Object> props = KafkaWiring.consumerProps(config);
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = until.keySet().stream().toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long replayed = 0;
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < until.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < until.get(new TopicPartition(record.topic(), record.partition()))) {
                        replayOne(record);
                        replayed++;
                    }
                }
            }
            log.info("replayed {} health records up to the committed offsets {}", replayed, until);
        }
    }

    private void replayOne(ConsumerRecord<String, byte[]> record) {
        try {
            router.onHealthChange(HealthChange.of(decoder.decode(record.value())), clock.instant(), false);
        } catch (RuntimeException e) {
            log.debug("skipping undecodable record {}-{}@{} during replay (dead-lettered when it was live)", record.topic(),
                    record.partition(), record.offset());
        }
    }
}
