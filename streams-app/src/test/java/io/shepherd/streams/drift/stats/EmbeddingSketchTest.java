package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingSketchTest {

    static final int DIM = 16;

    /** n vectors around {@code mean} with Gaussian noise of {@code noise} per component, from a seeded RNG. */
    static float[][] vectors(long seed, int n, double[] mean, double noise) {
        Random random = new Random(seed);
        float[][] vectors = new float[n][mean.length];
        for (float[] v : vectors) {
            for (int i = 0; i < mean.length; i++) {
                v[i] = (float) (mean[i] + noise * random.nextGaussian());
            }
        }
        return vectors;
    }

    static double[] direction() {
        double[] mean = new double[DIM];
        Arrays.fill(mean, 1);
        mean[0] = 3;
        mean[1] = 0.5;
        return mean;
    }

    static EmbeddingSketch sketchOf(float[][] vectors, double[] referenceCentroid) {
        EmbeddingSketch sketch = new EmbeddingSketch(vectors[0].length);
        for (float[] v : vectors) {
            sketch.add(v, referenceCentroid);
        }
        return sketch;
    }

    @Test
    void centroidIsTheMeanVector() {
        EmbeddingSketch sketch = new EmbeddingSketch(2);
        sketch.add(new float[] {1, 2}, null);
        sketch.add(new float[] {3, -2}, null);

        assertThat(sketch.centroid()).containsExactly(2.0, 0.0);
        assertThat(sketch.count()).isEqualTo(2);
        assertThat(sketch.distances().count()).as("no reference centroid, no distances").isZero();
    }

    @Test
    void distancesAreCosineDistancesToTheReferenceCentroid() {
        EmbeddingSketch sketch = new EmbeddingSketch(2);
        sketch.add(new float[] {1, 0}, new double[] {1, 0});
        sketch.add(new float[] {0, 5}, new double[] {1, 0});
        sketch.add(new float[] {-2, 0}, new double[] {1, 0});
        sketch.add(new float[] {0, 0}, new double[] {1, 0});

        assertThat(sketch.distances().count()).isEqualTo(3);
        assertThat(sketch.distances().min()).isEqualTo(0.0);
        assertThat(sketch.distances().max()).isEqualTo(2.0);
        assertThat(sketch.distances().mean()).isCloseTo(1.0, within(1e-12));
        assertThat(sketch.distances().nonFiniteCount()).as("a zero vector has no direction").isEqualTo(1);
    }

    @Test
    void aDimensionMismatchIsRefusedWithBothDimensions() {
        EmbeddingSketch sketch = new EmbeddingSketch(16);

        assertThatThrownBy(() -> sketch.add(new float[12], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding has dimension 12 but the sketch holds dimension 16");
        assertThatThrownBy(() -> sketch.add(new float[16], new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference centroid has dimension 3 but the sketch holds dimension 16");
        assertThatThrownBy(() -> sketch.merge(new EmbeddingSketch(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 8");
        assertThat(sketch.count()).isZero();
    }

    @Test
    void aNonFiniteComponentIsRefusedAndLeavesTheSketchUnchanged() {
        EmbeddingSketch sketch = new EmbeddingSketch(3);
        sketch.add(new float[] {1, 1, 1}, null);

        assertThatThrownBy(() -> sketch.add(new float[] {1, Float.NaN, 1}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component 1");
        assertThat(sketch.count()).isEqualTo(1);
        assertThat(sketch.centroid()).containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void mergeOfTwoHalvesEqualsTheSketchOfTheWhole() {
        float[][] vectors = vectors(1, 20_000, direction(), 0.5);
        double[] reference = direction();
        EmbeddingSketch whole = sketchOf(vectors, reference);
        EmbeddingSketch merged = sketchOf(Arrays.copyOfRange(vectors, 0, 7_000), reference);

        merged.merge(sketchOf(Arrays.copyOfRange(vectors, 7_000, vectors.length), reference));

        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.centroid()).containsExactly(whole.centroid(), within(1e-9));
        EmbeddingScores scores = EmbeddingDrift.compare(whole, merged);
        assertThat(scores.centroidCosine()).isCloseTo(0.0, within(1e-12));
        assertThat(scores.distanceKs()).isLessThan(0.006);
    }

    @Test
    void serdeRoundTripIsExactAndKeepsEveryScore() {
        EmbeddingSketch reference = sketchOf(vectors(2, 5_000, direction(), 0.5), direction());
        EmbeddingSketch current = sketchOf(vectors(3, 3_000, direction(), 0.7), direction());

        EmbeddingSketch referenceCopy = EmbeddingSketch.fromBytes(reference.toBytes());
        EmbeddingSketch currentCopy = EmbeddingSketch.fromBytes(current.toBytes());

        assertThat(referenceCopy.toBytes()).isEqualTo(reference.toBytes());
        assertThat(referenceCopy.centroid()).isEqualTo(reference.centroid());
        assertThat(referenceCopy.sizeInBytes()).isEqualTo(reference.toBytes().length);
        assertThat(EmbeddingDrift.compare(referenceCopy, currentCopy)).isEqualTo(EmbeddingDrift.compare(reference, current));
    }

    @ParameterizedTest
    @ValueSource(bytes = {0, 2, 42})
    void refusesAnUnknownFormatVersion(byte version) {
        byte[] bytes = sketchOf(vectors(4, 10, direction(), 0.5), null).toBytes();
        bytes[0] = version;

        assertThatThrownBy(() -> EmbeddingSketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown EmbeddingSketch format version");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 13, 100, 141, 150})
    void refusesTruncatedBytes(int length) {
        byte[] bytes = sketchOf(vectors(5, 10, direction(), 0.5), direction()).toBytes();

        assertThatThrownBy(() -> EmbeddingSketch.fromBytes(Arrays.copyOf(bytes, length)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
