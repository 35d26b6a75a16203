package io.shepherd.projections.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LagHealthTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** Samples one minute apart; the window is five minutes and the tolerance 1000 records. */
    @ParameterizedTest(name = "{0} -> healthy {1}")
    @CsvSource(delimiter = ';', value = {
            "0 0 0 0 0 0; true",
            "5000 6000 7000 8000 9000 10000; false",
            "5000 6000 7000 6500 9000 10000; true",
            "5000 6000 7000 8000; true",
            "10 20 30 40 50 60; true",
            "9000 9000 9000 9000 9000 9000; true",
            "100 200 300 5000 6000 7000 8000 9000 10000; false"})
    void failsOnlyWhenLagGrewWithoutEverDecreasingForAWholeWindow(String lags, boolean healthy) {
        LagHealth health = new LagHealth(Duration.ofMinutes(5), 1000);
        long[] values = Arrays.stream(lags.split(" ")).mapToLong(Long::parseLong).toArray();
        for (int i = 0; i < values.length; i++) {
            health.record(T0.plus(Duration.ofMinutes(i)), values[i]);
        }

        assertThat(health.evaluate().healthy()).isEqualTo(healthy);
    }
}
