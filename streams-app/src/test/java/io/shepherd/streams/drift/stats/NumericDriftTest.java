package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.Samples.logNormal;
import static io.shepherd.streams.drift.stats.Samples.normal;
import static io.shepherd.streams.drift.stats.Samples.shifted;
import static io.shepherd.streams.drift.stats.Samples.sketchOf;
import static io.shepherd.streams.drift.stats.Samples.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NumericDriftTest {

    private static final int N = 10_000;

    /**
     * Two samples of one distribution are never identical: at n = 10k their exact W1 (from the sorted samples) is
     * 0.015 sd for the normal but 0.028 for this log-normal pair and 0.032 for this uniform pair, so those rows allow
     * 0.04; {@link #wassersteinOfTheDigestsMatchesTheExactValueOfTheSamples} shows the digest adds no more than 0.002.
     */
    static Stream<Arguments> sameDistributions() {
        return Stream.of(
                Arguments.of("normal", normal(1, N, 0, 1), normal(2, N, 0, 1), 0.02),
                Arguments.of("normal far from zero", normal(3, N, 1e6, 5), normal(4, N, 1e6, 5), 0.02),
                Arguments.of("log-normal", logNormal(5, N, 0, 1), logNormal(6, N, 0, 1), 0.04),
                Arguments.of("uniform", uniform(7, N, -3, 3), uniform(8, N, -3, 3), 0.04));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameDistributions")
    void identicalDistributionsScoreNoDrift(String name, double[] reference, double[] current, double maxWasserstein) {
        NumericScores scores = NumericDrift.compare(sketchOf(reference), sketchOf(current));

        assertThat(scores.psi()).isLessThan(0.02);
        assertThat(scores.ks()).isLessThan(scores.ksCritical());
        assertThat(scores.ksP()).isGreaterThan(0.05);
        assertThat(scores.wasserstein()).isLessThan(maxWasserstein);
        assertThat(scores.js()).isLessThan(0.05);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameDistributions")
    void wassersteinOfTheDigestsMatchesTheExactValueOfTheSamples(String name, double[] reference, double[] current) {
        NumericSketch ref = sketchOf(reference);

        double digest = NumericDrift.compare(ref, sketchOf(current)).wasserstein();

        assertThat(digest).isCloseTo(ExactScores.w1(ExactScores.sorted(reference), ExactScores.sorted(current)) / ref.standardDeviation(), within(0.002));
    }

    static Stream<Arguments> meanShiftsOfOneSigma() {
        return Stream.of(
                Arguments.of("normal", normal(11, N, 0, 1), shifted(normal(12, N, 0, 1), 1)),
                Arguments.of("normal, shifted down", normal(13, N, 10, 2), shifted(normal(14, N, 10, 2), -2)),
                Arguments.of("uniform", uniform(15, N, 0, Math.sqrt(12)), shifted(uniform(16, N, 0, Math.sqrt(12)), 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("meanShiftsOfOneSigma")
    void psiOfAMeanShiftOfOneSigmaIsSignificant(String name, double[] reference, double[] current) {
        NumericScores scores = NumericDrift.compare(sketchOf(reference), sketchOf(current));

        assertThat(scores.psi()).isGreaterThan(0.2);
        assertThat(scores.ks()).isGreaterThan(scores.ksCritical());
        assertThat(scores.ksP()).isLessThan(1e-6);
        assertThat(scores.wasserstein()).isCloseTo(1.0, within(0.05));
        assertThat(scores.js()).isGreaterThan(0.2);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDoubledSigmaIsCaughtByKsAndWasserstein(long seed) {
        NumericScores scores = NumericDrift.compare(sketchOf(normal(seed, N, 0, 1)), sketchOf(normal(seed + 1, N, 0, 2)));

        assertThat(scores.ks()).isGreaterThan(scores.ksCritical());
        // E|Z| * (2 - 1) = 0.798 reference standard deviations
        assertThat(scores.wasserstein()).isCloseTo(0.798, within(0.04));
    }

    static Stream<Long> seeds() {
        return Stream.of(21L, 22L, 23L);
    }

    static Stream<Arguments> currentsWithEmptyBins() {
        double[] reference = uniform(31, N, 0, 1);
        return Stream.of(
                Arguments.of("all above the reference", reference, uniform(32, N, 5, 6), 1.0),
                Arguments.of("all below the reference", reference, uniform(33, N, -6, -5), 1.0),
                Arguments.of("one constant value", reference, constant(0.5, N), 0.0),
                Arguments.of("a single value", reference, constant(0.25, 1), 0.0),
                Arguments.of("half out of range", reference, uniform(34, N, 0.5, 1.5), 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentsWithEmptyBins")
    void emptyBinsNeverGiveInfinity(String name, double[] reference, double[] current, double outOfRange) {
        NumericScores scores = NumericDrift.compare(sketchOf(reference), sketchOf(current));

        assertThat(scores.asMap().values()).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(scores.psi()).isPositive();
        assertThat(scores.js()).isBetween(0.0, 1.0);
        assertThat(scores.outOfRangeRate()).isCloseTo(outOfRange, within(0.02));
    }

    @Test
    void psiOfAFullyDisjointCurrentIsLargeButFinite() {
        NumericScores scores = NumericDrift.compare(sketchOf(uniform(41, N, 0, 1)), sketchOf(uniform(42, N, 5, 6)));

        // one bin holds everything on one side: about ln(1 / ε) per side's unit of mass, finite
        assertThat(scores.psi()).isBetween(5.0, 20.0);
        // on the bins: the reference's top tenth shares the last bin with all of the current
        assertThat(scores.js()).isGreaterThan(0.8);
        assertThat(scores.ks()).isCloseTo(1.0, within(1e-9));
    }

    static Stream<Arguments> discreteFeatures() {
        return Stream.of(
                Arguments.of("same three values", new double[] {1, 1, 1}, new double[] {1, 1, 1}, false),
                Arguments.of("binary, same rate", new double[] {7, 3}, new double[] {7, 3}, false),
                Arguments.of("three values, shifted mass", new double[] {1, 1, 1}, new double[] {3, 1, 1}, true),
                Arguments.of("binary, rate 30% to 50%", new double[] {7, 3}, new double[] {5, 5}, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("discreteFeatures")
    void discreteFeaturesMergeEqualEdgesAndStillSeeDrift(String name, double[] refWeights, double[] curWeights, boolean drifted) {
        NumericSketch reference = sketchOf(Samples.discrete(51, N, refWeights));
        NumericSketch current = sketchOf(Samples.discrete(52, N, curWeights));

        NumericScores scores = NumericDrift.compare(reference, current);

        assertThat(scores.asMap().values()).allSatisfy(v -> assertThat(v).isFinite());
        if (drifted) {
            assertThat(scores.psi()).isGreaterThan(0.1);
            assertThat(scores.ks()).isGreaterThan(scores.ksCritical());
        } else {
            assertThat(scores.psi()).isLessThan(0.02);
            assertThat(scores.ks()).isLessThan(scores.ksCritical());
        }
    }

    @Test
    void aConstantReferenceIsScaledByOneAndSplitAtItsValue() {
        NumericScores same = NumericDrift.compare(sketchOf(constant(3, 1000)), sketchOf(constant(3, 500)));
        NumericScores moved = NumericDrift.compare(sketchOf(constant(3, 1000)), sketchOf(constant(4.5, 500)));

        assertThat(same.psi()).isCloseTo(0.0, within(1e-12));
        assertThat(same.wasserstein()).isZero();
        assertThat(moved.wasserstein()).isCloseTo(1.5, within(1e-9));
        assertThat(moved.outOfRangeRate()).isEqualTo(1.0);
        assertThat(moved.psi()).isGreaterThan(1);
    }

    static Stream<Arguments> smallSamples() {
        return Stream.of(
                Arguments.of(normal(61, 20, 0, 1), normal(62, 30, 0.5, 1)),
                Arguments.of(uniform(63, 30, 0, 1), uniform(64, 30, 0, 1)),
                Arguments.of(new double[] {1, 2, 3}, new double[] {10, 20, 30, 40}));
    }

    /** Up to about 30 values, compression 100 keeps every value as its own centroid. */
    @ParameterizedTest
    @MethodSource("smallSamples")
    void ksAndWassersteinOfSmallSamplesAreExact(double[] reference, double[] current) {
        NumericSketch ref = sketchOf(reference);

        NumericScores scores = NumericDrift.compare(ref, sketchOf(current));

        assertThat(scores.ks()).isCloseTo(ExactScores.ks(ExactScores.sorted(reference), ExactScores.sorted(current)), within(1e-12));
        assertThat(scores.wasserstein() * ref.standardDeviation()).isCloseTo(ExactScores.w1(ExactScores.sorted(reference), ExactScores.sorted(current)), within(1e-5));
    }

    @Test
    void ksPIsBelowFivePercentExactlyWhenKsExceedsItsCriticalValue() {
        for (double shift = 0; shift < 0.1; shift += 0.005) {
            NumericScores scores = NumericDrift.compare(sketchOf(normal(71, N, 0, 1)), sketchOf(normal(72, N, shift, 1)));
            assertThat(scores.ksP() < 0.05).as("shift %s", shift).isEqualTo(scores.ks() > scores.ksCritical());
        }
    }

    @Test
    void ksCriticalAddsBothSampleSizesAndTheDigestAllowance() {
        NumericScores scores = NumericDrift.compare(sketchOf(normal(81, 4000, 0, 1)), sketchOf(normal(82, 1000, 0, 1)));

        double expected = 1.358 * Math.sqrt((4000.0 + 1000) / (4000.0 * 1000)) + 2 * NumericDrift.rankErrorAllowance(100);
        assertThat(scores.ksCritical()).isCloseTo(expected, within(1e-12));
        assertThat(NumericDrift.rankErrorAllowance(100)).isEqualTo(0.003);
    }

    @Test
    void ratesCountMissingAndNonFiniteOverAllCurrentRecords() {
        NumericSketch current = sketchOf(normal(91, 70, 0, 1));
        for (int i = 0; i < 20; i++) {
            current.addMissing();
        }
        current.add(Double.NaN);
        current.add(Double.POSITIVE_INFINITY);
        current.addNaN();
        for (int i = 0; i < 7; i++) {
            current.add(Double.NEGATIVE_INFINITY);
        }

        NumericScores scores = NumericDrift.compare(sketchOf(normal(92, 100, 0, 1)), current);

        assertThat(scores.missingRate()).isEqualTo(0.2);
        assertThat(scores.nanRate()).isEqualTo(0.1);
    }

    @Test
    void aSideWithoutFiniteValuesLeavesTheDistributionScoresUndefined() {
        NumericSketch allMissing = new NumericSketch();
        allMissing.addMissing();

        NumericScores scores = NumericDrift.compare(sketchOf(normal(93, 100, 0, 1)), allMissing);

        assertThat(scores.missingRate()).isEqualTo(1.0);
        assertThat(scores.nanRate()).isZero();
        assertThat(new double[] {scores.psi(), scores.ks(), scores.ksCritical(), scores.ksP(), scores.wasserstein(),
                scores.js(), scores.outOfRangeRate()}).containsOnly(Double.NaN);
        assertThat(NumericDrift.compare(new NumericSketch(), new NumericSketch()).missingRate()).isNaN();
    }

    static Stream<Arguments> pairsOfEveryShape() {
        return Stream.of(
                Arguments.of("normal, shifted", normal(11, N, 0, 1), normal(12, N, 0.3, 1.2)),
                Arguments.of("log-normal against normal", logNormal(13, N, 0, 1), normal(14, N, 1, 1)),
                Arguments.of("discrete with steps", Samples.discrete(15, N, 0.5, 0.3, 0.2), Samples.discrete(16, N, 0.2, 0.3, 0.5)),
                Arguments.of("discrete against continuous", Samples.discrete(17, N, 0.6, 0.4), uniform(18, N, -1, 3)),
                Arguments.of("few values", normal(19, 7, 0, 1), normal(20, 3, 2, 1)),
                Arguments.of("one value against many", new double[] {4.0}, normal(21, 500, 0, 1)),
                Arguments.of("heavy tails", Samples.shifted(logNormal(22, N, 0, 2), -1), logNormal(23, N, 0, 2.2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairsOfEveryShape")
    void theWassersteinIntegralOverTheKnotsAloneIsTheIntegralOverAFineGrid(String name, double[] reference, double[] current) {
        DigestView ref = sketchOf(reference).view();
        DigestView cur = sketchOf(current).view();

        double knots = NumericDrift.wasserstein(ref, cur);
        double fine = NumericDrift.wasserstein(ref, cur, 1024);

        assertThat(knots).isPositive().isCloseTo(fine, within(1e-12 * Math.max(1, Math.abs(fine))));
    }

    @Test
    void asMapNamesEveryScoreAsTheDriftScoredEventDoes() {
        NumericScores scores = new NumericScores(1, 2, 3, 4, 5, 6, 7, 8, 9);

        assertThat(scores.asMap()).containsExactly(
                entry("psi", 1), entry("ks", 2), entry("ks_critical", 3), entry("ks_p", 4), entry("wasserstein", 5),
                entry("js", 6), entry("out_of_range_rate", 7), entry("missing_rate", 8), entry("nan_rate", 9));
    }

    @Test
    void refusesFewerThanTwoBins() {
        assertThatThrownBy(() -> NumericDrift.compare(new NumericSketch(), new NumericSketch(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 bins");
    }

    static Stream<Arguments> kolmogorovTail() {
        return Stream.of(
                Arguments.of(0.0, 1.0, 0.0), Arguments.of(1.0, 0.2699997, 1e-7), Arguments.of(1.224, 0.100, 5e-4),
                Arguments.of(1.358, 0.050, 5e-4), Arguments.of(1.628, 0.010, 1e-4), Arguments.of(3.0, 3.0460e-8, 1e-12));
    }

    @ParameterizedTest(name = "P(K > {0}) = {1}")
    @MethodSource("kolmogorovTail")
    void kolmogorovSurvivalMatchesTheTable(double lambda, double expected, double tolerance) {
        assertThat(Kolmogorov.survival(lambda)).isCloseTo(expected, within(tolerance));
    }

    @ParameterizedTest
    @MethodSource("lambdas")
    void kolmogorovSurvivalAgreesWithCommonsMath(double lambda) {
        double commons = 1 - new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest().ksSum(lambda, 1e-20, 100_000);
        assertThat(Kolmogorov.survival(lambda)).isCloseTo(commons, within(1e-10));
    }

    static Stream<Double> lambdas() {
        return Stream.of(0.3, 0.7, 1.1, 1.17, 1.19, 1.5, 2.0);
    }

    private static java.util.Map.Entry<String, Double> entry(String key, double value) {
        return java.util.Map.entry(key, value);
    }

    private static double[] constant(double value, int n) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}
