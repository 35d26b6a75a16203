package io.shepherd.streams.challenger.stats;

import static io.shepherd.streams.challenger.stats.RunningMomentsTest.momentsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

import io.shepherd.streams.drift.stats.NumericSketch;

class ChallengerTestsTest {

    @Test
    void twoProportionZOfAccuracy87Against83PercentOnAThousandEach() {
        // pooled p = 0.85, se = sqrt(0.85·0.15·0.002) = 0.0159687, z = -0.04 / se; scipy: p = 0.012248700038386
        TestResult result = ChallengerTests.twoProportionZ("accuracy", 870, 1000, 830, 1000, true);

        assertThat(result.statistic()).isCloseTo(-2.5048971643406, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.012248700038386, within(1e-12));
        assertThat(result.effectSize()).isCloseTo(-0.04, within(1e-15));
        assertThat(result.championValue()).isEqualTo(0.87);
        assertThat(result.challengerValue()).isEqualTo(0.83);
        assertThat(result.challengerWorse(0.05)).isTrue();
        assertThat(result.challengerBetter(0.05)).isFalse();
        assertThat(result.challengerWorse(0.01)).isFalse();
    }

    @Test
    void chiSquareOfTheSame2x2TableIsTheSquareOfZ() {
        // scipy.stats.chi2_contingency([[870, 130], [830, 170]], correction=False): 6.2745098039215685, p as above
        TestResult result = ChallengerTests.chiSquare2x2("accuracy", 870, 1000, 830, 1000, true);

        assertThat(result.statistic()).isCloseTo(6.2745098039215685, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.012248700038386, within(1e-9));
        assertThat(result.test()).isEqualTo(ChallengerTests.CHI_SQUARE_2X2);
        assertThat(result.challengerWorse(0.05)).isTrue();
    }

    @Test
    void welchTOfWikipediasFirstExample() {
        // Wikipedia, "Welch's t-test", example 1: t = -2.46 (A1 - A2), df = 24.99, p = 0.021; scipy gives the digits
        RunningMoments a1 = momentsOf(27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4);
        RunningMoments a2 = momentsOf(27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4);

        TestResult result = ChallengerTests.welchT("latency_ms", a1, a2, false);

        assertThat(result.statistic()).isCloseTo(2.455356398286006, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.021378001462866992, within(1e-7));
        assertThat(result.effectSize()).isCloseTo(22.986666666666665 - 20.82, within(1e-9));
        assertThat(result.challengerWorse(0.05)).as("higher latency is worse").isTrue();
    }

    @Test
    void welchTFromSummaryStatistics() {
        // mean 10, sd 2, n 20 against mean 12, sd 3, n 30: scipy ttest_ind_from_stats gives t = -2.8284271247, p = 0.0068058438
        TestResult result = ChallengerTests.welchT("score", RunningMoments.of(30, 12, 9), RunningMoments.of(20, 10, 4), true);

        assertThat(result.statistic()).isCloseTo(-2.82842712474619, within(1e-9));
        assertThat(result.pValue()).isCloseTo(0.006805843814148628, within(1e-7));
        assertThat(result.challengerWorse(0.01)).isTrue();
    }

    static Stream<Arguments> scoreSamples() {
        return Stream.of(
                Arguments.of(SuperiorityTest.draw(11, 10_000, r -> SuperiorityTest.normal(r, 0)),
                        SuperiorityTest.draw(12, 10_000, r -> SuperiorityTest.normal(r, 0.05)), true),
                Arguments.of(SuperiorityTest.draw(13, 10_000, r -> SuperiorityTest.normal(r, 0)),
                        SuperiorityTest.draw(14, 10_000, r -> SuperiorityTest.normal(r, 0)), false),
                Arguments.of(SuperiorityTest.draw(15, 10_000, r -> () -> r.nextInt(4)),
                        SuperiorityTest.draw(16, 8_000, r -> () -> r.nextInt(4)), false),
                Arguments.of(SuperiorityTest.draw(17, 10_000, r -> () -> Math.exp(r.nextGaussian())),
                        SuperiorityTest.draw(18, 10_000, r -> () -> 0.95 * Math.exp(r.nextGaussian())), true));
    }

    /**
     * Against the exact U of the raw samples: U within 0.001·n1·n2 (the digest's error, a quarter of the test's
     * standard error at these sizes) and the p-value within 0.02 of Commons Math's normal approximation on the raw
     * samples, which uses the same no-ties variance.
     */
    @ParameterizedTest
    @MethodSource("scoreSamples")
    void mannWhitneyFromDigestsMatchesTheExactUOnTenThousandValues(double[] champion, double[] challenger,
            boolean significant) {
        double pairs = (double) champion.length * challenger.length;
        double exactU = ExactRanks.u(champion, challenger);
        double rawP = new MannWhitneyUTest().mannWhitneyUTest(champion, challenger);

        TestResult result = ChallengerTests.mannWhitneyU("score", sketchOf(champion), sketchOf(challenger), true);

        assertThat(result.statistic()).isCloseTo(exactU, within(0.001 * pairs));
        assertThat(result.pValue()).isCloseTo(rawP, within(0.02));
        assertThat(result.effectSize()).isCloseTo(2 * exactU / pairs - 1, within(0.002));
        assertThat(result.pValue() < 0.01).isEqualTo(significant);
        assertThat(result.championN()).isEqualTo(champion.length);
    }

    @Test
    void mannWhitneyOfAScoreShiftedDownIsWorseWhenHigherIsBetter() {
        double[] champion = SuperiorityTest.draw(19, 2_000, r -> SuperiorityTest.normal(r, 0));
        double[] challenger = SuperiorityTest.draw(20, 2_000, r -> SuperiorityTest.normal(r, -0.3));

        TestResult result = ChallengerTests.mannWhitneyU("score", sketchOf(champion), sketchOf(challenger), true);

        assertThat(result.effectSize()).isNegative();
        assertThat(result.challengerWorse(0.001)).isTrue();
        assertThat(result.challengerValue()).isLessThan(result.championValue());
    }

    static Stream<Arguments> degenerateInputs() {
        RunningMoments empty = new RunningMoments();
        RunningMoments constant = momentsOf(5, 5, 5);
        return Stream.of(
                Arguments.of(ChallengerTests.twoProportionZ("a", 0, 0, 5, 10, true)),
                Arguments.of(ChallengerTests.twoProportionZ("a", 10, 10, 20, 20, true)),
                Arguments.of(ChallengerTests.twoProportionZ("a", 0, 10, 0, 20, true)),
                Arguments.of(ChallengerTests.chiSquare2x2("a", 3, 10, 0, 0, true)),
                Arguments.of(ChallengerTests.chiSquare2x2("a", 10, 10, 20, 20, true)),
                Arguments.of(ChallengerTests.welchT("l", empty, momentsOf(1, 2, 3), false)),
                Arguments.of(ChallengerTests.welchT("l", momentsOf(1), momentsOf(1, 2, 3), false)),
                Arguments.of(ChallengerTests.welchT("l", constant, momentsOf(7, 7), false)),
                Arguments.of(ChallengerTests.mannWhitneyU("s", new NumericSketch(), sketchOf(1, 2), true)));
    }

    @ParameterizedTest
    @MethodSource("degenerateInputs")
    void degenerateInputGivesPValueOneAndStatisticZeroWithoutNaN(TestResult result) {
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.statistic()).isZero();
        assertThat(new double[] {result.championValue(), result.challengerValue(), result.effectSize()})
                .doesNotContain(Double.NaN);
        assertThat(result.challengerWorse(0.05)).isFalse();
        assertThat(result.challengerBetter(0.05)).isFalse();
    }

    @Test
    void successesOutsideTheirCountAreRefused() {
        assertThatThrownBy(() -> ChallengerTests.twoProportionZ("a", 11, 10, 1, 10, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11/10");
    }

    static NumericSketch sketchOf(double... values) {
        NumericSketch sketch = new NumericSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }
}
