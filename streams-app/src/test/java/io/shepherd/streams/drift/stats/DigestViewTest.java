package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestViewTest {

    static Stream<Arguments> continuousSamples() {
        return Stream.of(
                Arguments.of("normal 1k", Samples.normal(1, 1_000, 0, 1)),
                Arguments.of("normal 100k", Samples.normal(2, 100_000, 5, 3)),
                Arguments.of("log-normal 50k", Samples.logNormal(3, 50_000, 0, 2)),
                Arguments.of("uniform 20", Samples.uniform(4, 20, 0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("continuousSamples")
    void cdfAndQuantileOfContinuousDataEqualTheLibrarys(String name, double[] values) {
        byte[] bytes = digestBytes(values);
        DigestView view = DigestView.parse(bytes);
        // a digest fresh from bytes has nothing pending, so its cdf and quantile do not change it
        com.tdunning.math.stats.MergingDigest library = com.tdunning.math.stats.MergingDigest.fromBytes(ByteBuffer.wrap(bytes));
        Random random = new Random(9);

        for (int i = 0; i < 2_000; i++) {
            double q = random.nextDouble();
            assertThat(view.quantile(q)).as("quantile(%s)", q).isCloseTo(library.quantile(q), within(1e-9));
            double x = values[random.nextInt(values.length)] + random.nextGaussian() * 0.01;
            assertThat(view.cdf(x)).as("cdf(%s)", x).isCloseTo(library.cdf(x), within(1e-12));
        }
        for (int i = 0; i < view.centroidCount(); i++) {
            assertThat(view.cdf(view.mean(i))).isCloseTo(library.cdf(view.mean(i)), within(1e-12));
        }
    }

    @Test
    void aBinaryFeatureStepsAtItsTwoValues() {
        double[] values = Samples.discrete(5, 10_000, 7, 3);
        long zeros = java.util.Arrays.stream(values).filter(v -> v == 0).count();
        DigestView view = DigestView.parse(digestBytes(values));

        assertThat(view.cdf(-0.5)).isZero();
        assertThat(view.cdfAtOrBelow(0)).isCloseTo(zeros / 10_000.0, within(1e-6));
        assertThat(view.cdf(0.5)).isCloseTo(zeros / 10_000.0, within(1e-6));
        assertThat(view.cdf(0.999)).isCloseTo(zeros / 10_000.0, within(1e-6));
        assertThat(view.cdfAtOrBelow(1)).isEqualTo(1.0);
        assertThat(view.quantile(0.5)).isZero();
        assertThat(view.quantile(0.8)).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("continuousSamples")
    void quantilesOfAscendingSharesEqualEachQuantile(String name, double[] values) {
        double[] discrete = Samples.discrete(5, 3_000, 7, 3);
        for (DigestView view : new DigestView[] {DigestView.parse(digestBytes(values)), DigestView.parse(digestBytes(discrete))}) {
            double[] shares = new Random(10).doubles(5_000).sorted().toArray();
            shares[0] = 0;
            shares[1] = 0;
            shares[shares.length - 1] = 1;

            double[] quantiles = view.quantiles(shares, shares.length);

            for (int i = 0; i < shares.length; i++) {
                assertThat(quantiles[i]).as("quantile(%s)", shares[i]).isEqualTo(view.quantile(shares[i]));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("continuousSamples")
    void cdfsOfAscendingPointsEqualEachCdf(String name, double[] values) {
        double[] discrete = Samples.discrete(6, 3_000, 7, 3, 1);
        for (double[] sample : new double[][] {values, discrete}) {
            NumericSketch sketch = Samples.sketchOf(sample);
            DigestView view = sketch.view();
            double lo = sketch.min() - 1;
            double hi = sketch.max() + 1;
            double[] points = new Random(11).doubles(3_000, lo, hi).toArray();
            double[] withMeans = java.util.Arrays.copyOf(points, points.length + 3 * view.centroidCount() + 2);
            int k = points.length;
            for (int i = 0; i < view.centroidCount(); i++) {
                withMeans[k++] = view.mean(i);
                withMeans[k++] = Math.nextDown(view.mean(i));
                withMeans[k++] = Math.nextUp(view.mean(i));
            }
            withMeans[k++] = view.min();
            withMeans[k] = view.max();
            java.util.Arrays.sort(withMeans);

            double[] cdfs = view.cdfs(withMeans);

            for (int i = 0; i < withMeans.length; i++) {
                assertThat(cdfs[i]).as("cdf(%s)", withMeans[i]).isEqualTo(view.cdf(withMeans[i]));
            }
        }
    }

    @Test
    void knotsStayInsideTheUnitInterval() {
        DigestView view = DigestView.parse(digestBytes(Samples.normal(6, 5_000, 0, 1)));

        double[] knots = view.quantileKnots();

        assertThat(java.util.Arrays.stream(knots).boxed()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        assertThat(knots).contains(0.0, 1.0);
    }

    @Test
    void anEmptyDigestHasNoCdfNorQuantile() {
        DigestView view = DigestView.parse(digestBytes(new double[0]));

        assertThat(view.isEmpty()).isTrue();
        assertThat(view.cdf(1)).isNaN();
        assertThat(view.quantile(0.5)).isNaN();
    }

    private static byte[] digestBytes(double[] values) {
        com.tdunning.math.stats.MergingDigest digest = new com.tdunning.math.stats.MergingDigest(100);
        for (double v : values) {
            digest.add(v);
        }
        ByteBuffer buf = ByteBuffer.allocate(digest.smallByteSize());
        digest.asSmallBytes(buf);
        return buf.array();
    }
}
