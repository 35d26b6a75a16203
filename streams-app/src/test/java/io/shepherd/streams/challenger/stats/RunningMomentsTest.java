package io.shepherd.streams.challenger.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunningMomentsTest {

    static RunningMoments momentsOf(double... values) {
        RunningMoments moments = new RunningMoments();
        Arrays.stream(values).forEach(moments::add);
        return moments;
    }

    static double[] uniform(long seed, int n, double lo, double hi) {
        Random random = new Random(seed);
        return random.doubles(n, lo, hi).toArray();
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9}, 3),
                Arguments.of(uniform(1, 1001, 1e9, 1e9 + 1), 400),
                Arguments.of(uniform(2, 50, -5, 5), 1));
    }

    /** The second sample sits at 10^9 with a spread of 1: the sum of squares would lose every digit there. */
    @ParameterizedTest
    @MethodSource("samples")
    void meanAndSampleVarianceMatchTwoPassSums(double[] values, int split) {
        double mean = Arrays.stream(values).sum() / values.length;
        double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();

        RunningMoments moments = momentsOf(values);

        assertThat(moments.count()).isEqualTo(values.length);
        assertThat(moments.mean()).isCloseTo(mean, within(1e-9 * Math.abs(mean) + 1e-12));
        assertThat(moments.variance()).isCloseTo(ss / (values.length - 1), within(1e-6 * ss / values.length));
        assertThat(moments.standardError()).isCloseTo(Math.sqrt(ss / (values.length - 1) / values.length), within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void mergeOfTwoPartsEqualsAddingEveryValueToOne(double[] values, int split) {
        RunningMoments merged = momentsOf(Arrays.copyOfRange(values, 0, split));
        RunningMoments part = momentsOf(Arrays.copyOfRange(values, split, values.length));

        merged.merge(part);

        RunningMoments whole = momentsOf(values);
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.mean()).isCloseTo(whole.mean(), within(1e-9 * Math.abs(whole.mean()) + 1e-12));
        assertThat(merged.variance()).isCloseTo(whole.variance(), within(1e-6 * whole.variance()));
        assertThat(part.count()).isEqualTo(values.length - split);
    }

    @Test
    void eightValuesWithPopulationSdTwoHaveSampleVariance32Over7() {
        RunningMoments moments = momentsOf(2, 4, 4, 4, 5, 5, 7, 9);

        assertThat(moments.mean()).isEqualTo(5.0);
        assertThat(moments.variance()).isCloseTo(32.0 / 7, within(1e-15));
    }

    @Test
    void noSpreadBelowTwoValuesAndMergingAnEmptyOneChangesNothing() {
        RunningMoments one = momentsOf(3);
        one.merge(new RunningMoments());

        assertThat(one.variance()).isZero();
        assertThat(one.standardError()).isZero();
        assertThat(one.mean()).isEqualTo(3);
        assertThat(new RunningMoments().mean()).isZero();
    }

    @Test
    void summaryGivesTheMomentsItDescribes() {
        RunningMoments moments = RunningMoments.of(15, 20.82, 7.867428571428571);

        assertThat(moments.count()).isEqualTo(15);
        assertThat(moments.mean()).isEqualTo(20.82);
        assertThat(moments.variance()).isCloseTo(7.867428571428571, within(1e-12));
        assertThatThrownBy(() -> RunningMoments.of(3, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripThroughBytesIsExact() {
        RunningMoments moments = momentsOf(uniform(3, 77, 0, 100));

        RunningMoments restored = RunningMoments.fromBytes(moments.toBytes());

        assertThat(restored.toBytes()).isEqualTo(moments.toBytes());
        assertThat(restored.variance()).isEqualTo(moments.variance());
    }

    @Test
    void badInputAndBadBytesAreRefused() {
        byte[] bytes = momentsOf(1, 2).toBytes();
        byte[] future = bytes.clone();
        future[0] = 7;

        assertThatThrownBy(() -> new RunningMoments().add(Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> RunningMoments.fromBytes(future)).hasMessageContaining("version 7");
        assertThatThrownBy(() -> RunningMoments.fromBytes(Arrays.copyOf(bytes, 10))).hasMessageContaining("25");
        assertThatThrownBy(() -> RunningMoments.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
