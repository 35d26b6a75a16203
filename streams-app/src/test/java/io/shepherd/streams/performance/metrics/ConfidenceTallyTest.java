package io.shepherd.streams.performance.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfidenceTallyTest {

    static ConfidenceTally tallyOf(List<Rows.Row> rows) {
        ConfidenceTally tally = ConfidenceTally.empty();
        rows.forEach(r -> tally.add(r.probabilities()));
        return tally;
    }

    @Test
    void expectedAccuracyOfThreePredictionsIsTheirMeanTopProbability() {
        ConfidenceTally tally = ConfidenceTally.empty();
        tally.add(Map.of("a", 0.9, "b", 0.1));
        tally.add(Map.of("a", 0.3, "b", 0.7));
        tally.add(Map.of("a", 0.2, "b", 0.2, "c", 0.6));

        Metric metric = tally.expectedAccuracy(0.95);

        // mean (0.9 + 0.7 + 0.6) / 3; variance (0.09 + 0.21 + 0.24) / 9 = 0.06, SE = 0.244949
        assertThat(metric.name()).isEqualTo("expected_accuracy");
        assertThat(metric.value()).isCloseTo(2.2 / 3, within(1e-15));
        assertThat(metric.upper()).isEqualTo(1.0);
        assertThat(metric.lower()).isCloseTo(2.2 / 3 - 1.959963984540054 * Math.sqrt(0.06), within(1e-12));
        assertThat(metric.higherIsBetter()).isTrue();
    }

    @Test
    void aCalibratedModelsExpectedAccuracyCoversItsAccuracy() {
        // the rows' top probability is uniform on [1/3, 1] whatever the truth; make the truth follow it
        java.util.Random random = new java.util.Random(21);
        ConfidenceTally tally = ConfidenceTally.empty();
        long right = 0;
        for (int i = 0; i < 20_000; i++) {
            double top = 1.0 / 3 + random.nextDouble() * 2 / 3;
            tally.add(Map.of("a", top, "b", (1 - top) / 2, "c", (1 - top) / 2));
            right += random.nextDouble() < top ? 1 : 0;
        }

        Metric metric = tally.expectedAccuracy(0.99);

        assertThat((double) right / 20_000).isBetween(metric.lower(), metric.upper());
        assertThat(metric.value()).isCloseTo(2.0 / 3, within(0.01));
    }

    @Test
    void mergeOfTwoPartsGivesTheEstimateOfTheWhole() {
        List<Rows.Row> rows = Rows.classifier(22, 500, 0.6, "a", "b");
        ConfidenceTally merged = tallyOf(rows.subList(0, 123));

        merged.merge(tallyOf(rows.subList(123, rows.size())));

        Metric whole = tallyOf(rows).expectedAccuracy(0.95);
        assertThat(merged.expectedAccuracy(0.95).value()).isCloseTo(whole.value(), within(1e-12));
        assertThat(merged.expectedAccuracy(0.95).lower()).isCloseTo(whole.lower(), within(1e-12));
        assertThat(merged.count()).isEqualTo(500);
    }

    @Test
    void roundTripThroughBytesIsExact() {
        ConfidenceTally tally = tallyOf(Rows.classifier(23, 50, 0.6, "a", "b", "c"));

        ConfidenceTally restored = ConfidenceTally.fromBytes(tally.toBytes());

        assertThat(restored.toBytes()).isEqualTo(tally.toBytes());
        assertThat(restored.expectedAccuracy(0.95)).isEqualTo(tally.expectedAccuracy(0.95));
    }

    @Test
    void badInputAndBadBytesAreRefused() {
        byte[] bytes = tallyOf(Rows.classifier(24, 5, 0.6, "a", "b")).toBytes();

        assertThatThrownBy(() -> ConfidenceTally.empty().add(Map.of())).hasMessageContaining("probabilities");
        assertThatThrownBy(() -> ConfidenceTally.empty().add(Map.of("a", -0.1))).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ConfidenceTally.fromBytes(Arrays.copyOf(bytes, 12))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConfidenceTally.empty().expectedAccuracy(0.95).hasInterval()).isFalse();
    }
}
