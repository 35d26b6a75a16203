package io.shepherd.projections.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StallWatchTest {

    private final AtomicLong nanos = new AtomicLong();
    private final SinkCounters counters = new SinkCounters();
    private final StallWatch watch = new StallWatch(Duration.ofSeconds(10), nanos::get, () -> 300, counters);

    @Test
    void aRequestUnansweredPastTheThresholdStallsUntilItIsAnswered() {
        watch.sent(1, 1000);
        advance(Duration.ofSeconds(9));
        watch.check();
        assertThat(watch.stalled()).isFalse();

        advance(Duration.ofSeconds(2));
        watch.check();
        assertThat(watch.stalled()).isTrue();
        assertThat(watch.describe()).hasValue("1 bulk request(s) unanswered for up to 11000 ms, 1300 operations pending");
        assertThat(counters.slowRequests()).isEqualTo(1);

        watch.answered(1);
        assertThat(watch.stalled()).isFalse();
        assertThat(watch.describe()).isEmpty();
    }

    @Test
    void eachSlowRequestCountsOnceAndTheStallLastsUntilTheLastOneIsAnswered() {
        watch.sent(1, 1000);
        advance(Duration.ofSeconds(5));
        watch.sent(2, 400);
        advance(Duration.ofSeconds(6));
        watch.check();
        watch.check();
        assertThat(counters.slowRequests()).isEqualTo(1);

        advance(Duration.ofSeconds(5));
        watch.check();
        watch.answered(1);
        assertThat(counters.slowRequests()).isEqualTo(2);
        assertThat(watch.stalled()).isTrue();
        assertThat(watch.describe()).hasValue("1 bulk request(s) unanswered for up to 16000 ms, 700 operations pending");

        watch.answered(2);
        assertThat(watch.stalled()).isFalse();
    }

    @Test
    void aRequestPastTheThresholdIsSlowEvenIfTheWatchdogHadNotLookedYet() {
        watch.sent(1, 1000);
        advance(Duration.ofSeconds(5));
        watch.sent(2, 400);
        advance(Duration.ofSeconds(6));
        watch.check();
        advance(Duration.ofSeconds(5));
        watch.answered(1);

        assertThat(counters.slowRequests()).as("request 2 waited 11 s when request 1 was answered").isEqualTo(2);
        assertThat(watch.stalled()).isTrue();

        advance(Duration.ofSeconds(30));
        watch.sent(3, 10);
        advance(Duration.ofSeconds(12));
        watch.answered(3);
        assertThat(counters.slowRequests()).as("answered after 12 s, between two looks of the watchdog").isEqualTo(3);
        watch.answered(2);
        assertThat(watch.stalled()).isFalse();
    }

    @Test
    void requestsAnsweredInTimeNeverStall() {
        watch.sent(1, 10);
        advance(Duration.ofSeconds(3));
        watch.answered(1);
        advance(Duration.ofSeconds(30));
        watch.check();

        assertThat(watch.stalled()).isFalse();
        assertThat(counters.slowRequests()).isZero();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
