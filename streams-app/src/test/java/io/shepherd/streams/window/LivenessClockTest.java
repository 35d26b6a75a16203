package io.shepherd.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a version that stopped sending is silent, and when one is stale: the rules, without Kafka. */
class LivenessClockTest {

    @ParameterizedTest(name = "last event {0}, stream time {1}: silent={2}")
    @CsvSource({
            "1000, 60999, false",
            "1000, 61000, true",
            Long.MIN_VALUE + ", 9000000, false"})
    void aVersionIsSilentOnStreamTimeOnceItsLastEventIsTheAllowedSilenceBehind(long lastEvent, long streamTime, boolean silent) {
        assertThat(LivenessClock.silentOnStreamTime(lastEvent, 60_000, streamTime)).isEqualTo(silent);
    }

    @ParameterizedTest(name = "last arrival {0}, now {1}: silent={2}")
    @CsvSource({"0, 59999, false", "0, 60000, true"})
    void aVersionIsSilentOnTheWallClockWhenNothingOfItArrivedForTheAllowedSilence(long lastArrival, long now, boolean silent) {
        assertThat(LivenessClock.silentOnWallClock(lastArrival, 60_000, now)).isEqualTo(silent);
    }

    @ParameterizedTest(name = "window end {0}, deployed {1}, max age {2}: stale={3}")
    @CsvSource({"100, 0, 100, false", "101, 0, 100, true", "999999, 0, , false"})
    void aVersionIsStaleOnlyPastItsMaximumAge(long windowEnd, long deployedAt, Long maxAge, boolean stale) {
        assertThat(LivenessClock.isStale(windowEnd, deployedAt, maxAge)).isEqualTo(stale);
    }

    @org.junit.jupiter.api.Test
    void silenceIsDatedAtTheLastEventPlusTheAllowedSilenceWhicheverClockNoticedIt() {
        assertThat(LivenessClock.silentAt(1_000, 60_000)).isEqualTo(61_000);
    }
}
