package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CategoricalDriftTest {

    /** n draws of the categories with the given weights, from a seeded RNG, in a fixed order of categories. */
    static CategorySketch draw(long seed, int n, Map<String, Double> weights) {
        Random random = new Random(seed);
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        CategorySketch sketch = new CategorySketch();
        Map<String, Double> ordered = new java.util.TreeMap<>(weights);
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble() * total;
            String chosen = null;
            for (Map.Entry<String, Double> w : ordered.entrySet()) {
                chosen = w.getKey();
                u -= w.getValue();
                if (u < 0) {
                    break;
                }
            }
            sketch.add(chosen);
        }
        return sketch;
    }

    private static final Map<String, Double> COLOURS = Map.of("red", 0.5, "green", 0.3, "blue", 0.2);

    @ParameterizedTest(name = "seeds {0}, {1}")
    @MethodSource("seedPairs")
    void identicalDistributionsScoreNoDrift(long referenceSeed, long currentSeed) {
        CategoricalScores scores = CategoricalDrift.compare(draw(referenceSeed, 10_000, COLOURS), draw(currentSeed, 10_000, COLOURS));

        assertThat(scores.psi()).isLessThan(0.02);
        assertThat(scores.js()).isLessThan(0.05);
        assertThat(scores.chi2P()).isGreaterThan(0.01);
        assertThat(scores.unseenRate()).isZero();
        assertThat(scores.linf()).isLessThan(0.03);
    }

    static Stream<Arguments> seedPairs() {
        return Stream.of(Arguments.of(1L, 2L), Arguments.of(3L, 4L), Arguments.of(5L, 6L));
    }

    @Test
    void aNewCategoryIsUnseenAndSignificant() {
        CategorySketch reference = draw(7, 10_000, COLOURS);
        CategorySketch current = draw(8, 10_000, Map.of("red", 0.45, "green", 0.3, "blue", 0.2, "purple", 0.05));

        CategoricalScores scores = CategoricalDrift.compare(reference, current);

        assertThat(scores.unseenRate()).isCloseTo(0.05, within(0.01)).isEqualTo(current.count("purple") / 10_000.0);
        assertThat(scores.chi2P()).isLessThan(0.01);
        assertThat(scores.psi()).isFinite().isGreaterThan(0.1);
    }

    @Test
    void aShiftOfProportionsIsSignificant() {
        CategoricalScores scores = CategoricalDrift.compare(draw(9, 10_000, COLOURS),
                draw(10, 10_000, Map.of("red", 0.2, "green", 0.3, "blue", 0.5)));

        assertThat(scores.psi()).isGreaterThan(0.2);
        assertThat(scores.chi2P()).isLessThan(1e-10);
        assertThat(scores.linf()).isCloseTo(0.3, within(0.03));
        assertThat(scores.unseenRate()).isZero();
    }

    @Test
    void scoresMatchHandComputedValues() {
        CategorySketch reference = CategorySketchTest.sketchOf(10, repeat("a", 50, "b", 50));
        CategorySketch current = CategorySketchTest.sketchOf(10, repeat("a", 80, "b", 20));

        CategoricalScores scores = CategoricalDrift.compare(reference, current);

        double e = Proportions.EPSILON;
        double r = (0.5 + e) / (1 + 2 * e);
        double ca = (0.8 + e) / (1 + 2 * e);
        double cb = (0.2 + e) / (1 + 2 * e);
        assertThat(scores.psi()).isCloseTo((ca - r) * Math.log(ca / r) + (cb - r) * Math.log(cb / r), within(1e-12));
        double js = 0.5 * (0.5 * log2(0.5 / 0.65) + 0.5 * log2(0.5 / 0.35)) + 0.5 * (0.8 * log2(0.8 / 0.65) + 0.2 * log2(0.2 / 0.35));
        assertThat(scores.js()).isCloseTo(Math.sqrt(js), within(1e-12));
        // equal sizes: sum of (ref - cur)^2 / (ref + cur) = 30^2 / 130 + 30^2 / 70
        assertThat(scores.chi2()).isCloseTo(900.0 / 130 + 900.0 / 70, within(1e-9));
        assertThat(scores.chi2P()).isCloseTo(chi2SurvivalOneDegree(scores.chi2()), within(1e-9));
        assertThat(scores.linf()).isCloseTo(0.3, within(1e-12));
        assertThat(scores.missingRate()).isZero();
    }

    @Test
    void aCategoryMissingFromTheCurrentWindowGivesAFiniteScore() {
        CategorySketch reference = CategorySketchTest.sketchOf(10, "a", "b", "c");
        CategorySketch current = CategorySketchTest.sketchOf(10, "a", "a");

        CategoricalScores scores = CategoricalDrift.compare(reference, current);

        assertThat(scores.asMap().values()).allSatisfy(v -> assertThat(v).isFinite());
    }

    @Test
    void aSingleCategoryOnBothSidesHasNothingToTest() {
        CategoricalScores scores = CategoricalDrift.compare(CategorySketchTest.sketchOf(10, "a", "a"),
                CategorySketchTest.sketchOf(10, "a"));

        assertThat(scores.chi2()).isZero();
        assertThat(scores.chi2P()).isEqualTo(1.0);
        assertThat(scores.psi()).isZero();
        assertThat(scores.js()).isZero();
    }

    @Test
    void categoriesAnOverflowedReferenceDoesNotNameAreFoldedIntoItsOtherBucket() {
        CategorySketch reference = CategorySketchTest.sketchOf(2, "a", "b", "c", "d");
        CategorySketch current = CategorySketchTest.sketchOf(10, "a", "b", "c", "d");

        CategoricalScores scores = CategoricalDrift.compare(reference, current);

        assertThat(scores.unseenRate()).isZero();
        assertThat(scores.psi()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void missingRateCountsRecordsWithoutAValue() {
        CategorySketch current = CategorySketchTest.sketchOf(10, "a", null, null, "b");

        CategoricalScores scores = CategoricalDrift.compare(CategorySketchTest.sketchOf(10, "a", "b"), current);

        assertThat(scores.missingRate()).isEqualTo(0.5);
    }

    @Test
    void aSideWithoutValuesLeavesTheDistributionScoresUndefined() {
        CategorySketch onlyMissing = CategorySketchTest.sketchOf(10, (String) null);

        CategoricalScores scores = CategoricalDrift.compare(CategorySketchTest.sketchOf(10, "a"), onlyMissing);

        assertThat(scores.missingRate()).isEqualTo(1.0);
        assertThat(scores.psi()).isNaN();
        assertThat(scores.chi2P()).isNaN();
    }

    @Test
    void asMapNamesEveryScoreAsTheDriftScoredEventDoes() {
        assertThat(new CategoricalScores(1, 2, 3, 4, 5, 6, 7).asMap()).containsExactly(
                Map.entry("psi", 1.0), Map.entry("js", 2.0), Map.entry("chi2", 3.0), Map.entry("chi2_p", 4.0),
                Map.entry("linf", 5.0), Map.entry("unseen_rate", 6.0), Map.entry("missing_rate", 7.0));
    }

    /** P(X > x) for a chi-square variable with 1 degree of freedom: erfc(sqrt(x / 2)). */
    private static double chi2SurvivalOneDegree(double x) {
        return org.apache.commons.math3.special.Erf.erfc(Math.sqrt(x / 2));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static String[] repeat(String a, int na, String b, int nb) {
        String[] values = new String[na + nb];
        java.util.Arrays.fill(values, 0, na, a);
        java.util.Arrays.fill(values, na, na + nb, b);
        return values;
    }
}
