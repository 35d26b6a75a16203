package io.shepherd.streams.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.policy.PerformanceLimits;

class PerformanceJudgeTest {

    private static final PerformanceLimits LIMITS = PerformanceLimits.of(0.05, 0.15, true);

    /** A drop is positive when the metric got worse, whichever way is better for it. */
    @ParameterizedTest(name = "{0} {1} vs baseline {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # metric   | value | baseline | higher is better | drop  | level
              accuracy | 0.80  | 0.92     | true             | 0.13043478260869565  | CRITICAL
              accuracy | 0.95  | 0.92     | true             | -0.03260869565217388 | NONE
              mae      | 1.20  | 1.00     | false            | 0.2   | EMERGENCY
              mae      | 0.90  | 1.00     | false            | -0.1  | NONE
            """)
    void aWorseMetricIsAPositiveDropWhicheverWayIsBetter(String name, double value, double baseline, boolean higherIsBetter,
                                                         double drop, HealthLevel level) {
        Metric metric = new Metric(name, value, value - 0.01, value + 0.01, "normal", higherIsBetter);

        Signal signal = PerformanceJudge.judge(List.of(metric), name, baseline, 1_000, LIMITS).signal(LIMITS, 1_000).orElseThrow();

        assertThat(signal.value()).isCloseTo(drop, within(1e-12));
        assertThat(signal.severity()).isEqualTo(level);
        Facts facts = signal.facts();
        assertThat(facts.statistic()).isEqualTo("relative_drop");
        assertThat(facts.measured()).isEqualTo(value);
        assertThat(facts.reference()).isEqualTo(baseline);
        assertThat(facts.lower()).isEqualTo(value - 0.01);
        assertThat(facts.upper()).isEqualTo(value + 0.01);
        assertThat(facts.confidence()).isEqualTo(0.95);
        assertThat(facts.higherIsBetter()).isEqualTo(higherIsBetter);
        assertThat(facts.sampleSize()).isEqualTo(1_000);
    }

    @Test
    void aWindowWithoutABaselineVotesWithoutAMeasuredDrop() {
        Metric accuracy = Metric.point("accuracy", 0.9, true);

        Signal signal = PerformanceJudge.judge(List.of(accuracy), "accuracy", null, 1_000, LIMITS).signal(LIMITS, 1_000).orElseThrow();

        assertThat(signal.severity()).isEqualTo(HealthLevel.NONE);
        assertThat(signal.value()).isNaN();
        assertThat(signal.facts().reference()).isNaN();
        assertThat(signal.facts().lower()).isNaN();
    }
}
