package io.shepherd.stack.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.contract.TopicDefinition;

/**
 * The topics to create on a real cluster: the contract's names and cleanup policies (never overridden), with
 * partitions, replication, min.insync.replicas and retention from the operator. Pure, so the plan is printed and
 * tested before anything is created.
 *
 * @param partitions       every topic's partition count, or empty for the contract's (1 where order matters across models)
 * @param retention        retention of the delete topics, or empty for the contract's (7 days for inputs, 30 for outputs)
 * @param minInsyncReplicas empty to leave the broker's default
 */
public record TopicPlan(Optional<Integer> partitions, short replicationFactor, Optional<Integer> minInsyncReplicas,
                        Optional<Duration> retention) {

    /** One topic as it will be created. */
    public record Planned(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    }

    public TopicPlan {
        partitions.ifPresent(p -> require(p >= 1, "partitions must be at least 1, got " + p));
        require(replicationFactor >= 1, "replication factor must be at least 1, got " + replicationFactor);
        minInsyncReplicas.ifPresent(m -> require(m >= 1 && m <= replicationFactor,
                "min.insync.replicas must be between 1 and the replication factor (" + replicationFactor + "), got " + m));
        retention.ifPresent(r -> require(!r.isNegative() && !r.isZero(), "retention must be positive, got " + r));
    }

    public List<Planned> plan(List<TopicDefinition> topics) {
        return topics.stream().map(this::plan).toList();
    }

    private Planned plan(TopicDefinition topic) {
        Map<String, String> configs = new LinkedHashMap<>(topic.configs());
        boolean compacted = configs.getOrDefault("cleanup.policy", "delete").contains("compact");
        if (!compacted) {
            retention.ifPresent(r -> configs.put("retention.ms", Long.toString(r.toMillis())));
        }
        minInsyncReplicas.ifPresent(m -> configs.put("min.insync.replicas", Integer.toString(m)));
        // Single-partition topics are single on purpose (lifecycle order, policies, state logs): never spread them.
        int count = topic.partitions() == 1 ? 1 : partitions.orElse(topic.partitions());
        return new Planned(topic.name(), count, replicationFactor, Map.copyOf(configs));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
