package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.EmbeddingSketchTest.direction;
import static io.shepherd.streams.drift.stats.EmbeddingSketchTest.sketchOf;
import static io.shepherd.streams.drift.stats.EmbeddingSketchTest.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmbeddingDriftTest {

    private static final int N = 10_000;

    /** The mean direction turned by 90° in the plane of dimensions 0 and 1. */
    static double[] rotated(double[] v) {
        double[] r = v.clone();
        r[0] = -v[1];
        r[1] = v[0];
        return r;
    }

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of(1L, 2L), Arguments.of(3L, 4L));
    }

    @ParameterizedTest(name = "seeds {0}, {1}")
    @MethodSource("seeds")
    void aRotatedEmbeddingMovesTheCentroidAndTheDistances(long referenceSeed, long currentSeed) {
        double[] anchor = direction();
        EmbeddingSketch reference = sketchOf(vectors(referenceSeed, N, anchor, 0.5), anchor);
        EmbeddingSketch current = sketchOf(vectors(currentSeed, N, rotated(anchor), 0.5), anchor);

        EmbeddingScores scores = EmbeddingDrift.compare(reference, current);

        assertThat(scores.centroidCosine()).isGreaterThan(0.1);
        assertThat(scores.distanceKs()).isGreaterThan(scores.distanceKsCritical());
        assertThat(scores.distancePsi()).isGreaterThan(0.2);
    }

    @ParameterizedTest(name = "seeds {0}, {1}")
    @MethodSource("seeds")
    void theSameEmbeddingDistributionScoresNoDrift(long referenceSeed, long currentSeed) {
        double[] anchor = direction();
        EmbeddingSketch reference = sketchOf(vectors(referenceSeed, N, anchor, 0.5), anchor);
        EmbeddingSketch current = sketchOf(vectors(currentSeed, N, anchor, 0.5), anchor);

        EmbeddingScores scores = EmbeddingDrift.compare(reference, current);

        assertThat(scores.centroidCosine()).isLessThan(1e-3);
        assertThat(scores.distanceKs()).isLessThan(scores.distanceKsCritical());
        assertThat(scores.distancePsi()).isLessThan(0.02);
        assertThat(scores.distanceWasserstein()).isLessThan(0.05);
    }

    @Test
    void aWiderSpreadAroundTheSameCentroidShowsInTheDistancesOnly() {
        double[] anchor = direction();
        EmbeddingSketch reference = sketchOf(vectors(5, N, anchor, 0.3), anchor);
        EmbeddingSketch current = sketchOf(vectors(6, N, anchor, 0.6), anchor);

        EmbeddingScores scores = EmbeddingDrift.compare(reference, current);

        assertThat(scores.centroidCosine()).isLessThan(1e-3);
        assertThat(scores.distanceKs()).isGreaterThan(scores.distanceKsCritical());
        assertThat(scores.distanceWasserstein()).isGreaterThan(1.0);
    }

    @Test
    void withoutAReferenceCentroidOnlyTheCentroidIsCompared() {
        EmbeddingSketch reference = sketchOf(vectors(7, 100, direction(), 0.5), null);
        EmbeddingSketch current = sketchOf(vectors(8, 100, rotated(direction()), 0.5), null);

        EmbeddingScores scores = EmbeddingDrift.compare(reference, current);

        assertThat(scores.centroidCosine()).isGreaterThan(0.1);
        assertThat(scores.distanceKs()).isNaN();
        assertThat(scores.distancePsi()).isNaN();
    }

    @Test
    void centroidCosineOfOrthogonalCentroidsIsOne() {
        EmbeddingSketch reference = new EmbeddingSketch(2);
        reference.add(new float[] {1, 0}, null);
        EmbeddingSketch current = new EmbeddingSketch(2);
        current.add(new float[] {0, 3}, null);

        assertThat(EmbeddingDrift.compare(reference, current).centroidCosine()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void refusesSketchesOfDifferentDimensions() {
        assertThatThrownBy(() -> EmbeddingDrift.compare(new EmbeddingSketch(4), new EmbeddingSketch(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 4").hasMessageContaining("5");
    }

    @Test
    void asMapNamesEveryScoreAsTheDriftScoredEventDoes() {
        assertThat(new EmbeddingScores(1, 2, 3, 4, 5).asMap()).containsExactly(
                Map.entry("centroid_cosine", 1.0), Map.entry("distance_ks", 2.0),
                Map.entry("distance_ks_critical", 3.0), Map.entry("distance_psi", 4.0),
                Map.entry("distance_wasserstein", 5.0));
    }
}
