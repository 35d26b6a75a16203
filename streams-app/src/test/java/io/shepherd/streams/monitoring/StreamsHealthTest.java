package io.shepherd.streams.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the streams app counts as alive, and as ready. */
class StreamsHealthTest {

    @ParameterizedTest(name = "{0} with threads {1}: alive={2}")
    @CsvSource({
            "CREATED, '', true",
            "REBALANCING, RUNNING, true",
            "RUNNING, DEAD RUNNING, true",
            "RUNNING, DEAD, false",
            "PENDING_ERROR, RUNNING, false",
            "ERROR, '', false",
            "NOT_RUNNING, '', false",
            "PENDING_SHUTDOWN, RUNNING, false"})
    void aliveUnlessFailedShutDownOrWithoutARunningThread(KafkaStreams.State state, String threads, boolean alive) {
        List<String> threadStates = threads.isBlank() ? List.of() : List.of(threads.split(" "));
        assertThat(StreamsHealth.alive(state, threadStates)).isEqualTo(alive);
    }

    @ParameterizedTest(name = "{0} restoring {1}: ready={2}")
    @CsvSource({"RUNNING, 0, true", "RUNNING, 1, false", "REBALANCING, 0, false", "CREATED, 0, false"})
    void readyOnlyWhenRunningWithNothingLeftToRestore(KafkaStreams.State state, int restoring, boolean ready) {
        assertThat(StreamsHealth.ready(state, restoring)).isEqualTo(ready);
    }

    @Test
    void restorationIsTrackedPerStorePartitionUntilItEndsOrIsSuspended() {
        StreamsHealth health = new StreamsHealth();
        TopicPartition p0 = new TopicPartition("app-drift-panes-changelog", 0);
        TopicPartition p1 = new TopicPartition("app-drift-panes-changelog", 1);
        health.onRestoreStart(p0, "drift-panes", 100, 1_100);
        health.onRestoreStart(p1, "drift-panes", 0, 50);
        health.onBatchRestored(p0, "drift-panes", 600, 500);

        assertThat(health.metrics()).contains("shepherd_streams_restoring_partitions 2\n", "shepherd_streams_records_to_restore 550\n");

        health.onRestoreEnd(p0, "drift-panes", 1_000);
        health.onRestoreSuspended(p1, "drift-panes", 0);
        assertThat(health.metrics()).contains("shepherd_streams_restoring_partitions 0\n", "shepherd_streams_records_to_restore 0\n");
    }
}
