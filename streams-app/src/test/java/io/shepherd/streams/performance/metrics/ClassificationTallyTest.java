package io.shepherd.streams.performance.metrics;

import static io.shepherd.streams.performance.metrics.Rows.count;
import static io.shepherd.streams.performance.metrics.Rows.metric;
import static io.shepherd.streams.performance.metrics.Rows.tallyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.streams.performance.metrics.Rows.Row;

class ClassificationTallyTest {

    static final double Z95 = 1.959963984540054;

    /** Wilson's interval written out, to check the tally's against. */
    static double[] wilson(double successes, double n, double z) {
        double p = successes / n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return new double[] {centre - half, centre + half};
    }

    @Test
    void accuracyOf81RightIn263HasThePublishedWilsonInterval() {
        ClassificationTally tally = ClassificationTally.empty();
        for (int i = 0; i < 263; i++) {
            tally.add("a", i < 81 ? "a" : "b", null, null);
        }

        Metric accuracy = metric(tally.metrics(0.95), "accuracy");

        // Wikipedia, "Binomial proportion confidence interval": 81 of 263, Wilson 95 % = (0.2553, 0.3662)
        assertThat(accuracy.value()).isEqualTo(81.0 / 263);
        assertThat(accuracy.lower()).isCloseTo(0.2553, within(5e-5));
        assertThat(accuracy.upper()).isCloseTo(0.3662, within(5e-5));
        assertThat(accuracy.lower()).isCloseTo(wilson(81, 263, Z95)[0], within(1e-12));
        assertThat(accuracy.method()).isEqualTo("wilson");
        assertThat(accuracy.higherIsBetter()).isTrue();
        assertThat(tally.count()).isEqualTo(263);
        assertThat(tally.correct()).isEqualTo(81);
    }

    static Stream<Arguments> classifiers() {
        return Stream.of(
                Arguments.of(Rows.classifier(1, 500, 0.8, "cat", "dog", "fox")),
                Arguments.of(Rows.classifier(2, 60, 0.5, "no", "yes")),
                Arguments.of(Rows.classifier(3, 2000, 0.3, "a", "b", "c", "d", "e")));
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void perClassPrecisionRecallAndF1MatchCountsOverTheRows(List<Row> rows) {
        List<Metric> metrics = tallyOf(rows).metrics(0.95);

        for (String c : rows.stream().map(Row::truth).distinct().toList()) {
            long tp = count(rows, r -> r.truth().equals(c) && r.predicted().equals(c));
            long predicted = count(rows, r -> r.predicted().equals(c));
            long actual = count(rows, r -> r.truth().equals(c));
            long errors = predicted + actual - 2 * tp;
            assertThat(metric(metrics, "precision." + c).value()).isEqualTo((double) tp / predicted);
            assertThat(metric(metrics, "recall." + c).value()).isEqualTo((double) tp / actual);
            assertThat(metric(metrics, "recall." + c).upper()).isCloseTo(wilson(tp, actual, Z95)[1], within(1e-12));
            Metric f1 = metric(metrics, "f1." + c);
            assertThat(f1.value()).isCloseTo(Rows.f1(rows, c), within(1e-12));
            assertThat(f1.lower()).isCloseTo(wilson(tp, tp + errors / 2.0, Z95)[0], within(1e-12));
        }
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void macroF1IntervalIsTheDeltaMethodOverTheConfusionCounts(List<Row> rows) {
        List<String> classes = rows.stream().map(Row::truth).distinct().sorted().toList();
        double[][] counts = new double[classes.size()][classes.size()];
        rows.forEach(r -> counts[classes.indexOf(r.truth())][classes.indexOf(r.predicted())]++);
        double variance = 0;
        double h = 1e-4;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                double n = counts[i][j];
                counts[i][j] = n + h;
                double up = macroF1(counts);
                counts[i][j] = n - h;
                double down = macroF1(counts);
                counts[i][j] = n;
                double d = (up - down) / (2 * h);
                variance += n * d * d;
            }
        }

        Metric macro = metric(tallyOf(rows).metrics(0.95), "macro_f1");

        assertThat(macro.value()).isCloseTo(macroF1(counts), within(1e-12));
        assertThat(macro.upper() - macro.value()).isCloseTo(Z95 * Math.sqrt(variance), within(1e-7));
        assertThat(macro.method()).isEqualTo("delta");
    }

    private static double macroF1(double[][] counts) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            double row = 0;
            double column = 0;
            for (int k = 0; k < counts.length; k++) {
                row += counts[c][k];
                column += counts[k][c];
            }
            sum += 2 * counts[c][c] / (row + column);
        }
        return sum / counts.length;
    }

    @Test
    void logLossIsTheMeanNegativeLogOfTheTrueClassProbabilityClippedAt1eMinus15() {
        List<Row> rows = new ArrayList<>(Rows.classifier(4, 300, 0.7, "a", "b", "c"));
        rows.add(new Row("a", "b", Map.of("a", 1.0, "b", 0.0, "c", 0.0), null));
        rows.add(new Row("a", "c", Map.of("a", 0.9, "b", 0.1), null));
        double[] losses = rows.stream()
                .mapToDouble(r -> -Math.log(Math.max(1e-15, Math.min(1 - 1e-15, r.probabilities().getOrDefault(r.truth(), 0.0)))))
                .toArray();
        double mean = Stream.of(losses).flatMapToDouble(java.util.Arrays::stream).average().orElseThrow();
        double ss = 0;
        for (double l : losses) {
            ss += (l - mean) * (l - mean);
        }
        double se = Math.sqrt(ss / (losses.length - 1) / losses.length);

        Metric logLoss = metric(tallyOf(rows).metrics(0.95), "log_loss");

        assertThat(losses[losses.length - 1]).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(logLoss.value()).isCloseTo(mean, within(1e-12));
        assertThat(logLoss.upper()).isCloseTo(mean + Z95 * se, within(1e-9));
        assertThat(logLoss.higherIsBetter()).isFalse();
    }

    @Test
    void expectedCalibrationErrorMatchesTenEqualWidthBinsOverTheRows() {
        List<Row> rows = Rows.classifier(5, 1000, 0.6, "x", "y", "z");
        long[] n = new long[10];
        double[] gap = new double[10];
        for (Row r : rows) {
            String top = Collections.max(r.probabilities().entrySet(), Map.Entry.comparingByValue()).getKey();
            double p = r.probabilities().get(top);
            int bin = Math.min(9, (int) Math.floor(p * 10));
            n[bin]++;
            gap[bin] += (top.equals(r.truth()) ? 1 : 0) - p;
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            ece += Math.abs(gap[b]) / rows.size();
        }

        Metric metric = metric(tallyOf(rows).metrics(0.95), "ece");

        assertThat(metric.value()).isCloseTo(ece, within(1e-12));
        assertThat(metric.higherIsBetter()).isFalse();
        assertThat(metric.hasInterval()).isFalse();
    }

    @Test
    void labelsBeyondTheClassLimitAreCountedAsOther() {
        ClassificationTally tally = ClassificationTally.empty(2, null);
        tally.add("a", "a", null, null);
        tally.add("b", "b", null, null);
        tally.add("c", "d", null, null);
        tally.add("e", "e", null, null);

        List<Metric> metrics = tally.metrics(0.95);

        assertThat(metrics).extracting(Metric::name).containsExactly("accuracy", "macro_f1",
                "precision.__other__", "recall.__other__", "f1.__other__",
                "precision.a", "recall.a", "f1.a", "precision.b", "recall.b", "f1.b");
        assertThat(metric(metrics, "accuracy").value()).isEqualTo(0.75);
        assertThat(metric(metrics, "recall.__other__").value()).isEqualTo(1.0);
    }

    @Test
    void noMetricsBeforeTheFirstLabel() {
        assertThat(ClassificationTally.empty().metrics(0.95)).isEmpty();
    }

    @Test
    void precisionIsLeftOutForAClassNeverPredicted() {
        ClassificationTally tally = ClassificationTally.empty();
        tally.add("a", "a", null, null);
        tally.add("a", "b", null, null);

        assertThat(tally.metrics(0.95)).extracting(Metric::name)
                .contains("recall.b", "f1.b").doesNotContain("precision.b");
        assertThat(metric(tally.metrics(0.95), "f1.b").value()).isZero();
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void mergeOfTwoPartsGivesTheMetricsOfTheWhole(List<Row> rows) {
        List<Row> withScores = new ArrayList<>(rows);
        int half = rows.size() / 2;
        ClassificationTally merged = tallyOf(withScores.subList(0, half));

        merged.merge(tallyOf(withScores.subList(half, rows.size())));

        assertSameMetrics(merged, tallyOf(rows), 1e-12);
        assertThat(merged.count()).isEqualTo(rows.size());
    }

    @Test
    void roundTripThroughBytesKeepsEveryMetricAndTheBytes() {
        List<Row> rows = new ArrayList<>(Rows.binary(13, 3000, 1.0, "0", "1"));
        List<Row> probabilities = Rows.classifier(14, 100, 0.7, "0", "1");
        rows.addAll(probabilities);
        ClassificationTally tally = tallyOf(ClassificationTally.empty(50, "1"), rows);

        ClassificationTally restored = ClassificationTally.fromBytes(tally.toBytes());

        assertThat(restored.toBytes()).isEqualTo(tally.toBytes());
        assertSameMetrics(restored, tally, 0);
        restored.add("0", "1", Map.of("0", 0.6, "1", 0.4), 0.3);
        tally.add("0", "1", Map.of("0", 0.6, "1", 0.4), 0.3);
        assertThat(restored.toBytes()).isEqualTo(tally.toBytes());
    }

    @Test
    void roundTripOfAnOverflowedTallyKeepsItsClasses() {
        ClassificationTally tally = tallyOf(ClassificationTally.empty(2, null), Rows.classifier(15, 200, 0.5, "a", "b", "c", "d"));

        assertSameMetrics(ClassificationTally.fromBytes(tally.toBytes()), tally, 0);
    }

    @Test
    void unknownVersionTruncatedOrTrailingBytesAreRefused() {
        byte[] bytes = tallyOf(Rows.binary(16, 100, 1.0, "0", "1")).toBytes();
        byte[] future = bytes.clone();
        future[0] = 9;

        assertThatThrownBy(() -> ClassificationTally.fromBytes(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 9");
        assertThatThrownBy(() -> ClassificationTally.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationTally.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        ClassificationTally tally = ClassificationTally.empty();

        assertThatThrownBy(() -> tally.add(null, "a", null, null)).hasMessageContaining("both labels");
        assertThatThrownBy(() -> tally.add("a", "a", Map.of("a", 1.5), null)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> tally.add("a", "a", Map.of(), null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> tally.add("a", "a", null, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> tally.metrics(1.0)).hasMessageContaining("confidence");
        assertThat(tally.count()).isZero();
    }

    static void assertSameMetrics(ClassificationTally actual, ClassificationTally expected, double tolerance) {
        List<Metric> a = actual.metrics(0.95);
        List<Metric> e = expected.metrics(0.95);
        assertThat(a).extracting(Metric::name).containsExactlyElementsOf(e.stream().map(Metric::name).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).as(a.get(i).name()).isCloseTo(e.get(i).value(), within(tolerance));
            if (e.get(i).hasInterval()) {
                assertThat(a.get(i).lower()).as(a.get(i).name()).isCloseTo(e.get(i).lower(), within(tolerance));
                assertThat(a.get(i).upper()).as(a.get(i).name()).isCloseTo(e.get(i).upper(), within(tolerance));
            }
        }
    }
}
