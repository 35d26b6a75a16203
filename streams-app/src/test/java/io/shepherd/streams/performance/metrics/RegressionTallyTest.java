package io.shepherd.streams.performance.metrics;

import static io.shepherd.streams.performance.metrics.Rows.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RegressionTallyTest {

    private static final double Z95 = 1.959963984540054;

    static double[][] pairs(long seed, int n) {
        Random random = new Random(seed);
        double[][] pairs = new double[n][];
        for (int i = 0; i < n; i++) {
            double truth = i % 10 == 0 ? 0 : 50 + 20 * random.nextGaussian();
            pairs[i] = new double[] {truth + 5 * random.nextGaussian(), truth};
        }
        return pairs;
    }

    static RegressionTally tallyOf(double[][] pairs) {
        RegressionTally tally = RegressionTally.empty();
        for (double[] p : pairs) {
            tally.add(p[0], p[1]);
        }
        return tally;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    static double standardError(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1) / v.length);
    }

    @Test
    void maeRmseAndMapeWithTheirIntervalsMatchSumsOverThePairs() {
        double[][] pairs = pairs(1, 2000);
        double[] abs = Arrays.stream(pairs).mapToDouble(p -> Math.abs(p[0] - p[1])).toArray();
        double[] sq = Arrays.stream(abs).map(e -> e * e).toArray();
        double[] ape = Arrays.stream(pairs).filter(p -> p[1] != 0).mapToDouble(p -> Math.abs(p[0] - p[1]) / Math.abs(p[1])).toArray();
        double rmse = Math.sqrt(mean(sq));

        RegressionTally tally = tallyOf(pairs);
        List<Metric> metrics = tally.metrics(0.95);

        assertThat(metrics).extracting(Metric::name).containsExactly("mae", "rmse", "mape");
        assertThat(metrics).allSatisfy(m -> assertThat(m.higherIsBetter()).isFalse());
        assertThat(metric(metrics, "mae").value()).isCloseTo(mean(abs), within(1e-9));
        assertThat(metric(metrics, "mae").upper()).isCloseTo(mean(abs) + Z95 * standardError(abs), within(1e-9));
        assertThat(metric(metrics, "rmse").value()).isCloseTo(rmse, within(1e-9));
        assertThat(metric(metrics, "rmse").lower()).isCloseTo(rmse - Z95 * standardError(sq) / (2 * rmse), within(1e-9));
        assertThat(metric(metrics, "mape").value()).isCloseTo(mean(ape), within(1e-12));
        assertThat(metric(metrics, "mape").lower()).isCloseTo(mean(ape) - Z95 * standardError(ape), within(1e-12));
        assertThat(tally.zeroTruthCount()).isEqualTo(200);
        assertThat(tally.count()).isEqualTo(2000);
    }

    @Test
    void aPerfectModelHasZeroErrorsAndANullInterval() {
        RegressionTally tally = tallyOf(new double[][] {{1, 1}, {2, 2}, {3, 3}});

        assertThat(tally.metrics(0.95)).allSatisfy(m -> {
            assertThat(m.value()).isZero();
            assertThat(m.lower()).isZero();
            assertThat(m.upper()).isZero();
        });
    }

    @Test
    void mapeIsLeftOutWhenEveryTruthIsZeroAndNothingIsReportedWhenEmpty() {
        assertThat(tallyOf(new double[][] {{1, 0}, {2, 0}}).metrics(0.95)).extracting(Metric::name)
                .containsExactly("mae", "rmse");
        assertThat(RegressionTally.empty().metrics(0.95)).isEmpty();
    }

    @Test
    void mergeOfTwoPartsGivesTheMetricsOfTheWhole() {
        double[][] pairs = pairs(2, 999);
        RegressionTally merged = tallyOf(Arrays.copyOfRange(pairs, 0, 300));

        merged.merge(tallyOf(Arrays.copyOfRange(pairs, 300, pairs.length)));

        assertSameMetrics(merged.metrics(0.9), tallyOf(pairs).metrics(0.9), 1e-9);
        assertThat(merged.zeroTruthCount()).isEqualTo(100);
    }

    @Test
    void roundTripThroughBytesKeepsEveryMetricAndTheBytes() {
        RegressionTally tally = tallyOf(pairs(3, 100));

        RegressionTally restored = RegressionTally.fromBytes(tally.toBytes());

        assertThat(restored.toBytes()).isEqualTo(tally.toBytes());
        assertSameMetrics(restored.metrics(0.95), tally.metrics(0.95), 0);
    }

    @Test
    void badInputAndBadBytesAreRefused() {
        byte[] bytes = tallyOf(pairs(4, 10)).toBytes();
        byte[] future = bytes.clone();
        future[0] = 2;

        assertThatThrownBy(() -> RegressionTally.empty().add(Double.NaN, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> RegressionTally.fromBytes(future)).hasMessageContaining("format version 2");
        assertThatThrownBy(() -> RegressionTally.fromBytes(Arrays.copyOf(bytes, 40))).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertSameMetrics(List<Metric> actual, List<Metric> expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
            assertThat(actual.get(i).value()).isCloseTo(expected.get(i).value(), within(tolerance));
            assertThat(actual.get(i).lower()).isCloseTo(expected.get(i).lower(), within(tolerance));
            assertThat(actual.get(i).upper()).isCloseTo(expected.get(i).upper(), within(tolerance));
        }
    }
}
