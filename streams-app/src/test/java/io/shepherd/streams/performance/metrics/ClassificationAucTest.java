package io.shepherd.streams.performance.metrics;

import static io.shepherd.streams.performance.metrics.ClassificationTallyTest.Z95;
import static io.shepherd.streams.performance.metrics.Rows.metric;
import static io.shepherd.streams.performance.metrics.Rows.tallyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.streams.performance.metrics.Rows.Row;

/** The ROC AUC of a binary classifier's tally: from score digests, against the exact AUC of the raw scores. */
class ClassificationAucTest {

    static Stream<Arguments> binaryScorers() {
        return Stream.of(
                Arguments.of(Rows.binary(6, 4000, 1.0, "0", "1"), 0.001),
                Arguments.of(Rows.binary(7, 4000, 0.1, "false", "true"), 0.001),
                Arguments.of(Rows.binary(8, 40, 0.8, "no", "yes"), 1e-9));
    }

    @ParameterizedTest
    @MethodSource("binaryScorers")
    void rocAucFromScoreDigestsIsCloseToTheExactAucWithTheGreaterLabelPositive(List<Row> rows, double tolerance) {
        String positive = rows.stream().map(Row::truth).max(String::compareTo).orElseThrow();

        Metric auc = metric(tallyOf(rows).metrics(0.95), "roc_auc");

        assertThat(auc.value()).isCloseTo(Rows.exactAuc(rows, positive), within(tolerance));
        assertThat(auc.method()).isEqualTo("hanley_mcneil");
    }

    @Test
    void rocAucWithTiedHardScoresCountsTiesHalf() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            boolean positive = i % 2 == 0;
            double score = (positive ? i % 10 < 7 : i % 10 < 3) ? 1.0 : 0.0;
            rows.add(new Row(score > 0 ? "1" : "0", positive ? "1" : "0", null, score));
        }

        Metric auc = metric(tallyOf(rows).metrics(0.95), "roc_auc");

        // positives score 1 with 0.8 (i%10 in 0,2,4,6), negatives 1 with 0.2 (i%10 in 1): 0.8·0.8 + ½(0.8·0.2 + 0.2·0.8)
        assertThat(Rows.exactAuc(rows, "1")).isCloseTo(0.8, within(1e-12));
        assertThat(auc.value()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void hanleyMcNeilStandardErrorIsTheirFormula() {
        // A = 0.893, 51 positives, 58 negatives: Q1 = 0.893 / 1.107 = 0.806685, Q2 = 2·0.797449 / 1.893 = 0.842524,
        // SE² = (0.095551 + 50·0.009236 + 57·0.045075) / 2958 = 0.00105702
        assertThat(RocAuc.hanleyMcNeilStandardError(0.893, 51, 58)).isCloseTo(0.032512, within(1e-6));

        Metric auc = RocAuc.withInterval(0.893, 51, 58, 0.95);
        assertThat(auc.upper() - auc.value()).isCloseTo(Z95 * 0.0325116, within(1e-6));
    }

    @Test
    void hanleyMcNeilStandardErrorMatchesTheSpreadOfSimulatedAucsOfExponentialScores() {
        // negatives ~ Exp(1), positives ~ Exp(1/3): P(positive > negative) = 3/4, the model Q1 and Q2 are exact for
        java.util.Random random = new java.util.Random(17);
        double[] aucs = new double[600];
        for (int k = 0; k < aucs.length; k++) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rows.add(new Row("1", "1", null, -3 * Math.log(1 - random.nextDouble())));
            }
            for (int i = 0; i < 60; i++) {
                rows.add(new Row("0", "0", null, -Math.log(1 - random.nextDouble())));
            }
            aucs[k] = Rows.exactAuc(rows, "1");
        }
        double mean = java.util.Arrays.stream(aucs).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / (aucs.length - 1));

        assertThat(mean).isCloseTo(0.75, within(0.01));
        assertThat(RocAuc.hanleyMcNeilStandardError(0.75, 50, 60)).isCloseTo(sd, withinPercentage(10));
    }

    @Test
    void aDeclaredPositiveLabelTurnsTheAucAround() {
        List<Row> rows = Rows.binary(9, 500, 1.0, "0", "1");
        ClassificationTally declared = tallyOf(ClassificationTally.empty(100, "0"), rows);

        assertThat(metric(declared.metrics(0.95), "roc_auc").value())
                .isCloseTo(1 - metric(tallyOf(rows).metrics(0.95), "roc_auc").value(), within(1e-9));
    }

    @Test
    void noRocAucWithoutScoresOrForMoreThanTwoClasses() {
        List<Row> three = new ArrayList<>(Rows.binary(10, 100, 1.0, "0", "1"));
        three.add(new Row("2", "2", null, 0.5));

        assertThat(tallyOf(Rows.classifier(11, 100, 0.8, "0", "1")).metrics(0.95)).extracting(Metric::name)
                .doesNotContain("roc_auc");
        assertThat(tallyOf(three).metrics(0.95)).extracting(Metric::name).doesNotContain("roc_auc");
    }

    @Test
    void mergeOfBinaryScorersGivesTheAucOfTheWholeWithinTheDigestError() {
        List<Row> rows = Rows.binary(12, 4000, 0.5, "0", "1");
        ClassificationTally merged = tallyOf(rows.subList(0, 1500));

        merged.merge(tallyOf(rows.subList(1500, rows.size())));

        assertThat(metric(merged.metrics(0.95), "roc_auc").value())
                .isCloseTo(Rows.exactAuc(rows, "1"), within(0.001));
    }
}
