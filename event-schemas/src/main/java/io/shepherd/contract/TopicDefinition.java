package io.shepherd.contract;

import java.util.Map;
import java.util.Objects;

/**
 * One Kafka topic of the Shepherd contract: its name, how many partitions it gets when Shepherd creates it,
 * its topic-level configs (cleanup policy, retention) and the event type its values carry.
 */
public record TopicDefinition(String name, int partitions, Map<String, String> configs, String valueType, String purpose) {

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
