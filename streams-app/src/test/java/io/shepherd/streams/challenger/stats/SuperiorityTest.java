package io.shepherd.streams.challenger.stats;

import static io.shepherd.streams.challenger.stats.ChallengerTestsTest.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.streams.drift.stats.NumericSketch;

class SuperiorityTest {

    static double[] draw(long seed, int n, java.util.function.Function<Random, DoubleSupplier> distribution) {
        DoubleSupplier supplier = distribution.apply(new Random(seed));
        return DoubleStream.generate(supplier).limit(n).toArray();
    }

    static DoubleSupplier normal(Random r, double mean) {
        return () -> mean + r.nextGaussian();
    }

    static Stream<Arguments> samplePairs() {
        return Stream.of(
                Arguments.of("same normal", draw(1, 10_000, r -> normal(r, 0)), draw(2, 10_000, r -> normal(r, 0))),
                Arguments.of("normal shifted by 0.05 sd", draw(3, 10_000, r -> normal(r, 0)), draw(4, 10_000, r -> normal(r, 0.05))),
                Arguments.of("normal shifted by 1 sd", draw(5, 10_000, r -> normal(r, 0)), draw(6, 10_000, r -> normal(r, 1))),
                Arguments.of("log-normal against normal", draw(7, 10_000, r -> () -> Math.exp(r.nextGaussian())),
                        draw(8, 5_000, r -> normal(r, 1.5))),
                Arguments.of("integer scores with ties", draw(9, 10_000, r -> () -> r.nextInt(5)),
                        draw(10, 10_000, r -> () -> r.nextInt(6))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplePairs")
    void probabilityOfSuperiorityFromDigestsIsWithin0point001OfTheExactU(String name, double[] x, double[] y) {
        double exact = ExactRanks.u(x, y) / ((double) x.length * y.length);

        double estimate = Superiority.of(sketchOf(x), sketchOf(y));

        assertThat(estimate).isCloseTo(exact, within(0.001));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplePairs")
    void theOnePassReadingOfBothDigestsGivesExactlyThePointByPointIntegral(String name, double[] x, double[] y) {
        NumericSketch xs = sketchOf(x);
        NumericSketch ys = sketchOf(y);
        double pointByPoint = (pointByPointIntegral(xs, ys) + 1 - pointByPointIntegral(ys, xs)) / 2;

        assertThat(Superiority.of(xs, ys)).isEqualTo(Math.max(0, Math.min(1, pointByPoint)));
    }

    /** ∫ midCdf_x dF_y with one quantile and two CDF lookups per grid point. */
    private static double pointByPointIntegral(NumericSketch x, NumericSketch y) {
        double sum = 0;
        for (int i = 0; i < Superiority.GRID; i++) {
            double v = y.quantile((i + 0.5) / Superiority.GRID);
            sum += (x.cdf(v) + x.cdf(Math.nextDown(v))) / 2;
        }
        return sum / Superiority.GRID;
    }

    @Test
    void smallSamplesAreExact() {
        double[] x = {1, 2, 3, 3, 8};
        double[] y = {2, 3, 4, 9};

        // y=2: 1 below, 1 tie -> 1.5; y=3: 2 below, 2 ties -> 3; y=4: 4; y=9: 5. U = 13.5 of 20 pairs
        assertThat(ExactRanks.u(x, y)).isEqualTo(13.5);
        assertThat(Superiority.of(sketchOf(x), sketchOf(y))).isCloseTo(13.5 / 20, within(1e-12));
    }

    @Test
    void disjointSamplesAreZeroOrOneAndEmptyOnesNaN() {
        assertThat(Superiority.of(sketchOf(1, 2), sketchOf(3, 4))).isEqualTo(1.0);
        assertThat(Superiority.of(sketchOf(3, 4), sketchOf(1, 2))).isEqualTo(0.0);
        assertThat(Superiority.of(sketchOf(), sketchOf(1))).isNaN();
    }
}
