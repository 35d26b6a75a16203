package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExtremesTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("3 values", Samples.normal(1, 3, 0, 1)),
                Arguments.of("exactly k", Samples.normal(2, Extremes.K, 0, 1)),
                Arguments.of("10k normal", Samples.normal(3, 10_000, 0, 1)),
                Arguments.of("ties", Samples.discrete(4, 1_000, 1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void keepsTheKSmallestAndLargestValues(String name, double[] values) {
        Extremes extremes = extremesOf(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = Math.min(Extremes.K, values.length);

        assertThat(extremes.lowest()).containsExactly(Arrays.copyOf(sorted, k));
        double[] highest = new double[k];
        for (int i = 0; i < k; i++) {
            highest[i] = sorted[sorted.length - 1 - i];
        }
        assertThat(extremes.highest()).containsExactly(highest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void mergeOfTwoPartsEqualsTheWhole(String name, double[] values) {
        int half = values.length / 2;
        Extremes merged = extremesOf(Arrays.copyOfRange(values, 0, half));
        merged.merge(extremesOf(Arrays.copyOfRange(values, half, values.length)));
        Extremes whole = extremesOf(values);

        assertThat(merged.size()).isEqualTo(whole.size());
        assertThat(merged.lowest()).containsExactly(whole.lowest());
        assertThat(merged.highest()).containsExactly(whole.highest());
    }

    @Test
    void tailReplacementKeepsEveryValueAndTheSum() {
        double[] values = Samples.logNormal(5, 5_000, 0, 2);
        NumericSketch sketch = Samples.sketchOf(values);
        DigestView plain = DigestView.parse(sketch.summaryBytes());
        DigestView tails = sketch.view();

        assertThat(tails.total()).isEqualTo(plain.total());
        assertThat(weightedSum(tails)).isCloseTo(weightedSum(plain), within(1e-6 * Math.abs(weightedSum(plain))));
        assertThat(tails.min()).isEqualTo(sketch.min());
        assertThat(tails.max()).isEqualTo(sketch.max());
    }

    @Test
    void quantilesAndCdfAreExactInBothTails() {
        double[] values = Samples.normal(6, 100_000, 0, 1);
        NumericSketch sketch = Samples.sketchOf(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;

        for (int i = 0; i < Extremes.K; i++) {
            double p = (i + 0.5) / n;
            assertThat(sketch.quantile(p)).as("quantile of rank %s", i).isEqualTo(sorted[i]);
            assertThat(sketch.quantile(1 - p)).as("quantile of rank %s from the top", i).isEqualTo(sorted[n - 1 - i]);
            assertThat(sketch.cdf(sorted[i])).isCloseTo((i + 1.0) / n, within(1e-12));
        }
    }

    private static Extremes extremesOf(double[] values) {
        Extremes extremes = new Extremes();
        for (double v : values) {
            extremes.offer(v);
        }
        return extremes;
    }

    private static double weightedSum(DigestView view) {
        double sum = 0;
        for (int i = 0; i < view.centroidCount(); i++) {
            sum += view.mean(i) * view.weight(i);
        }
        return sum;
    }

}
