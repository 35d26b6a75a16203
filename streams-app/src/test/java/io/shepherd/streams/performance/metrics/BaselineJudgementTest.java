package io.shepherd.streams.performance.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.streams.performance.metrics.BaselineJudgement.Verdict;

class BaselineJudgementTest {

    static Metric accuracy(long right, long n) {
        ClassificationTally tally = ClassificationTally.empty();
        for (long i = 0; i < n; i++) {
            tally.add("a", i < right ? "a" : "b", null, null);
        }
        return Rows.metric(tally.metrics(0.95), "accuracy");
    }

    static Stream<Arguments> judgements() {
        Metric mae = new Metric("mae", 12, 11, 13, "normal", false);
        return Stream.of(
                // baseline 0.90: 0.846 is a 6 % drop, its Wilson upper bound on 10^4 labels 0.8529 still 5.2 %
                Arguments.of("6 % drop on 10^4 labels", accuracy(8460, 10_000), 10_000L, Verdict.CRITICAL_DROP, 0.06),
                Arguments.of("16 % drop on 10^4 labels", accuracy(7560, 10_000), 10_000L, Verdict.EMERGENCY_DROP, 0.16),
                Arguments.of("6 % drop on 200 labels is within chance", accuracy(169, 200), 200L, Verdict.OK, 0.0611),
                Arguments.of("16 % drop on 200 labels is only critical", accuracy(151, 200), 200L, Verdict.CRITICAL_DROP, 0.1611),
                Arguments.of("better than the baseline", accuracy(9500, 10_000), 10_000L, Verdict.OK, -0.0556),
                Arguments.of("below the minimum of labels", accuracy(10, 50), 50L, Verdict.INSUFFICIENT_DATA, 0.7778),
                Arguments.of("lower-is-better MAE 20 % over its baseline 10, lower bound 10 % over", mae, 5000L, Verdict.CRITICAL_DROP, 0.2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("judgements")
    void judgesTheDropOfTheConfidenceBoundNearestTheBaseline(String name, Metric metric, long labelled,
            Verdict verdict, double pointDrop) {
        double baseline = metric.higherIsBetter() ? 0.90 : 10;

        BaselineJudgement judgement = BaselineJudgement.judge(metric, baseline, labelled, 100, 0.05, 0.15);

        double bound = metric.higherIsBetter() ? metric.upper() : metric.lower();
        double drop = metric.higherIsBetter() ? (baseline - bound) / baseline : (bound - baseline) / baseline;
        assertThat(judgement.verdict()).isEqualTo(verdict);
        assertThat(judgement.relativeDrop()).isCloseTo(drop, within(1e-12));
        assertThat(judgement.pointDrop()).isCloseTo(pointDrop, within(1e-4));
    }

    @ParameterizedTest(name = "drop {0} against critical 0.05 and emergency 0.15")
    @MethodSource("thresholds")
    void thresholdsAreStrict(double value, Verdict verdict) {
        Metric metric = Metric.point("accuracy", value, true);

        assertThat(BaselineJudgement.judge(metric, 1.0, 1000, 100, 0.05, 0.15).verdict()).isEqualTo(verdict);
    }

    static Stream<Arguments> thresholds() {
        return Stream.of(
                Arguments.of(0.95, Verdict.OK),
                Arguments.of(0.9499, Verdict.CRITICAL_DROP),
                Arguments.of(0.85, Verdict.CRITICAL_DROP),
                Arguments.of(0.8499, Verdict.EMERGENCY_DROP));
    }

    @org.junit.jupiter.api.Test
    void aBaselineThatIsNotPositiveOrThresholdsOutOfOrderAreRefused() {
        Metric metric = Metric.point("accuracy", 0.5, true);

        assertThatThrownBy(() -> BaselineJudgement.judge(metric, 0, 1000, 100, 0.05, 0.15)).hasMessageContaining("baseline");
        assertThatThrownBy(() -> BaselineJudgement.judge(metric, 1, 1000, 100, 0.2, 0.15)).hasMessageContaining("critical");
    }
}
