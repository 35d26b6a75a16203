package io.shepherd.projections.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void commitsOnlyUpToTheFirstRecordNotYetAcknowledged() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.sent(P0, 10);
        tracker.sent(P0, 11);
        tracker.sent(P0, 12);
        tracker.acknowledged(P0, 11);
        tracker.acknowledged(P0, 12);

        assertThat(tracker.committable()).containsExactlyEntriesOf(Map.of(P0, 10L));

        tracker.acknowledged(P0, 10);
        assertThat(tracker.committable()).containsExactlyEntriesOf(Map.of(P0, 13L));
    }

    @Test
    void offersEachOffsetOnceUntilThePartitionMovesOn() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.sent(P0, 0);
        tracker.acknowledged(P0, 0);
        tracker.committed(tracker.committable());

        assertThat(tracker.committable()).isEmpty();
        tracker.skipped(P0, 1);
        assertThat(tracker.committable()).containsExactlyEntriesOf(Map.of(P0, 2L));
    }

    @Test
    void rewindsEachPartitionToItsFirstUnwrittenRecordAndForgetsWhatWasInFlight() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.sent(P0, 5);
        tracker.sent(P0, 6);
        tracker.acknowledged(P0, 5);
        tracker.sent(P1, 3);
        tracker.acknowledged(P1, 3);

        assertThat(tracker.rewind()).containsExactlyEntriesOf(Map.of(P0, 6L));
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.position(P0)).hasValue(6);
        assertThat(tracker.position(P1)).hasValue(4);
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.sent(P0, 1);
        tracker.forget(java.util.List.of(P0));

        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.position(P0)).isEmpty();
    }
}
