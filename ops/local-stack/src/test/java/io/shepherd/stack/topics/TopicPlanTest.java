package io.shepherd.stack.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;

class TopicPlanTest {

    private static TopicPlan.Planned planned(TopicPlan plan, String topic) {
        return plan.plan(Topics.ALL).stream().filter(p -> p.name().equals(topic)).findFirst().orElseThrow();
    }

    @Test
    void theContractsPartitionsAndRetentionsAreKeptWhenNothingIsOverridden() {
        TopicPlan plan = new TopicPlan(Optional.empty(), (short) 3, Optional.of(2), Optional.empty());

        assertThat(plan.plan(Topics.ALL)).hasSize(Topics.ALL.size());
        assertThat(planned(plan, Topics.PREDICTIONS).partitions()).isEqualTo(4);
        assertThat(planned(plan, Topics.PREDICTIONS).configs()).containsEntry("retention.ms", "604800000").containsEntry("min.insync.replicas", "2");
        assertThat(planned(plan, Topics.LIFECYCLE).configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void partitionsAndRetentionOverridesApplyButNeverToSingleOrCompactedTopics() {
        TopicPlan plan = new TopicPlan(Optional.of(12), (short) 3, Optional.empty(), Optional.of(Duration.ofDays(90)));

        assertThat(planned(plan, Topics.FEATURES).partitions()).isEqualTo(12);
        assertThat(planned(plan, Topics.FEATURES).configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(90).toMillis()));
        assertThat(planned(plan, Topics.LIFECYCLE).partitions()).isEqualTo(1);
        assertThat(planned(plan, Topics.POLICIES).configs()).doesNotContainKey("retention.ms").containsEntry("cleanup.policy", "compact");
        assertThat(planned(plan, Topics.ROLLBACK_COMMANDS).partitions()).isEqualTo(1);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorIsRefused() {
        assertThatThrownBy(() -> new TopicPlan(Optional.empty(), (short) 1, Optional.of(2), Optional.empty()))
                .hasMessageContaining("min.insync.replicas must be between 1 and the replication factor (1), got 2");
    }

    @Test
    void aOneBrokerClusterGetsMinInsyncReplicasOfOne() {
        var arguments = CreateTopicsMain.Arguments.parse(List.of("--bootstrap-server", "b:9092", "--replication-factor", "1"));

        assertThat(arguments.plan().minInsyncReplicas()).contains(1);
    }
}
