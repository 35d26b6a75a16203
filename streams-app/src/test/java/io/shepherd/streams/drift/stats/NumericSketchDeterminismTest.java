package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.Samples.normal;
import static io.shepherd.streams.drift.stats.Samples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import com.tdunning.math.stats.ScaleFunction;
import org.junit.jupiter.api.Test;

/**
 * A sketch's results are a function of the values added and the sketches merged, not of when it was serialized: the
 * streams app writes changed sketches at every fold of its drift state and restores them after a crash, and
 * DriftRecoveryIT demands the same scores from an interrupted run as from an uninterrupted one.
 */
class NumericSketchDeterminismTest {

    /** Normal values with a share of repeated ones (discrete atoms) and a heavy right tail. */
    private static double[] mixedValues(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.2 ? random.nextInt(3) : u < 0.25 ? Math.exp(3 * random.nextGaussian()) : random.nextGaussian();
        }
        return values;
    }

    @Test
    void serializingMidStreamDoesNotChangeAnyLaterResult() {
        double[] values = mixedValues(21, 50_000);
        NumericSketch reference = sketchOf(normal(22, 30_000, 0.1, 1.1));
        Random random = new Random(23);
        NumericSketch untouched = new NumericSketch();
        NumericSketch serialized = new NumericSketch();
        NumericSketch read = new NumericSketch();
        int roundTrips = 0;
        int roundTripsWithABuffer = 0;
        for (double v : values) {
            untouched.add(v);
            serialized.add(v);
            read.add(v);
            if (random.nextInt(250) == 0) {
                roundTripsWithABuffer += serialized.bufferedValues() > 0 ? 1 : 0;
                serialized = NumericSketch.fromBytes(serialized.toBytes());
                roundTrips++;
            }
            if (random.nextInt(500) == 0) {
                read.cdf(v);
                read.quantile(random.nextDouble());
                NumericDrift.compare(reference, read);
                read.sizeInBytes();
                read.toBytes();
            }
        }

        assertThat(roundTrips).isGreaterThan(100);
        assertThat(roundTripsWithABuffer).as("round trips while the digest had unmerged values").isGreaterThan(100);
        assertSameResults(untouched, serialized, reference);
        assertSameResults(untouched, read, reference);
    }

    @Test
    void serializingPanesAndTheWindowMidStreamDoesNotChangeTheMergedWindow() {
        double[] values = mixedValues(31, 60_000);
        NumericSketch reference = sketchOf(normal(32, 30_000, 0, 1));
        Random random = new Random(33);
        NumericSketch untouchedWindow = new NumericSketch();
        NumericSketch serializedWindow = new NumericSketch();
        for (int pane = 0; pane < 12; pane++) {
            NumericSketch untouchedPane = new NumericSketch();
            NumericSketch serializedPane = new NumericSketch();
            for (int i = pane * 5_000; i < (pane + 1) * 5_000; i++) {
                untouchedPane.add(values[i]);
                serializedPane.add(values[i]);
                if (random.nextInt(400) == 0) {
                    serializedPane = NumericSketch.fromBytes(serializedPane.toBytes());
                }
            }
            untouchedWindow.merge(untouchedPane);
            serializedWindow.merge(NumericSketch.fromBytes(serializedPane.toBytes()));
            if (random.nextBoolean()) {
                serializedWindow = NumericSketch.fromBytes(serializedWindow.toBytes());
            }
            assertThat(serializedPane.toBytes()).isEqualTo(untouchedPane.toBytes());
        }
        assertSameResults(untouchedWindow, serializedWindow, reference);

        // and it keeps counting the same after the merges
        for (int i = 0; i < 3_000; i++) {
            untouchedWindow.add(values[i]);
            serializedWindow.add(values[i]);
            if (i % 777 == 0) {
                serializedWindow = NumericSketch.fromBytes(serializedWindow.toBytes());
            }
        }
        assertSameResults(untouchedWindow, serializedWindow, reference);
    }

    @Test
    void toBytesDoesNotMutate() {
        double[] values = normal(41, 10_500, 0, 1);
        NumericSketch sketch = sketchOf(values);
        NumericSketch twin = sketchOf(values);
        NumericSketch other = sketchOf(normal(42, 2_000, 1, 1));
        int buffered = sketch.bufferedValues();
        assertThat(buffered).as("values waiting in the digest's buffer").isPositive();
        byte[] before = sketch.toBytes();

        sketch.toBytes();
        sketch.sizeInBytes();
        sketch.cdf(0.3);
        sketch.quantile(0.7);
        NumericDrift.compare(sketch, other);
        NumericDrift.compare(other, sketch);
        other.merge(sketch);
        new EmbeddingSketch(2).distances().merge(sketch);

        assertThat(sketch.bufferedValues()).isEqualTo(buffered);
        assertThat(sketch.toBytes()).isEqualTo(before).isEqualTo(twin.toBytes());
        for (double v : normal(43, 5_000, 0.5, 1)) {
            sketch.add(v);
            twin.add(v);
        }
        assertThat(sketch.toBytes()).isEqualTo(twin.toBytes());
    }

    @Test
    void serializingAnEmbeddingSketchMidStreamDoesNotChangeItsDistances() {
        float[][] vectors = EmbeddingSketchTest.vectors(51, 20_000, EmbeddingSketchTest.direction(), 0.8);
        double[] centroid = EmbeddingSketchTest.direction();
        EmbeddingSketch untouched = new EmbeddingSketch(vectors[0].length);
        EmbeddingSketch serialized = new EmbeddingSketch(vectors[0].length);
        for (int i = 0; i < vectors.length; i++) {
            untouched.add(vectors[i], centroid);
            serialized.add(vectors[i], centroid);
            if (i % 613 == 0) {
                serialized = EmbeddingSketch.fromBytes(serialized.toBytes());
            }
        }

        assertThat(serialized.toBytes()).isEqualTo(untouched.toBytes());
        assertSameResults(untouched.distances(), serialized.distances(), sketchOf(normal(52, 1_000, 0.5, 0.1)));
    }

    @Test
    void readsFormatVersion1() {
        double[] values = normal(61, 12_345, 2, 3);
        NumericSketch sketch = sketchOf(values);
        byte[] v1 = version1Bytes(values);

        NumericSketch read = NumericSketch.fromBytes(v1);

        assertThat(read.count()).isEqualTo(sketch.count());
        assertThat(read.mean()).isEqualTo(sketch.mean());
        assertThat(read.min()).isEqualTo(sketch.min());
        assertThat(read.bufferedValues()).isZero();
        assertThat(NumericDrift.compare(sketch, read).ks()).isLessThan(0.006);
        assertThat(read.toBytes()[0]).isEqualTo(NumericSketch.FORMAT_VERSION);
        assertThat(NumericSketch.fromBytes(read.toBytes()).toBytes()).isEqualTo(read.toBytes());
    }

    /** What format version 1 wrote for these values: t-digest 3.3's asSmallBytes of the compressed digest. */
    private static byte[] version1Bytes(double[] values) {
        NumericSketch sketch = sketchOf(values);
        com.tdunning.math.stats.MergingDigest digest = new com.tdunning.math.stats.MergingDigest(NumericSketch.DEFAULT_COMPRESSION);
        digest.setScaleFunction(ScaleFunction.K_1);
        for (double v : values) {
            digest.add(v);
        }
        ByteBuffer small = ByteBuffer.allocate(digest.smallByteSize());
        digest.asSmallBytes(small);
        Extremes extremes = new Extremes();
        Arrays.stream(values).forEach(extremes::offer);
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 3 * 8 + 4 * 8 + 4 + small.capacity() + extremes.sizeInBytes());
        buf.put((byte) 1).putDouble(sketch.compression());
        buf.putLong(sketch.count()).putLong(0).putLong(0);
        buf.putDouble(sketch.mean());
        buf.putDouble(Math.pow(sketch.standardDeviation(), 2) * sketch.count());
        buf.putDouble(sketch.min()).putDouble(sketch.max());
        SketchFormat.putBlock(buf, small.array());
        extremes.write(buf);
        return buf.array();
    }

    private static void assertSameResults(NumericSketch expected, NumericSketch actual, NumericSketch reference) {
        assertThat(actual.toBytes()).isEqualTo(expected.toBytes());
        double lo = expected.min() - 1;
        double hi = expected.max() + 1;
        for (int i = 0; i <= 2_000; i++) {
            double x = lo + (hi - lo) * i / 2_000;
            assertThat(actual.cdf(x)).as("cdf(%s)", x).isEqualTo(expected.cdf(x));
        }
        for (double x : new double[] {0, 1, 2, expected.min(), expected.max()}) {
            assertThat(actual.cdf(x)).as("cdf(%s)", x).isEqualTo(expected.cdf(x));
        }
        for (int i = 0; i <= 1_000; i++) {
            double q = i / 1_000.0;
            assertThat(actual.quantile(q)).as("quantile(%s)", q).isEqualTo(expected.quantile(q));
        }
        assertThat(NumericDrift.compare(reference, actual)).isEqualTo(NumericDrift.compare(reference, expected));
        assertThat(NumericDrift.compare(actual, reference)).isEqualTo(NumericDrift.compare(expected, reference));
        assertThat(actual.toBytes()).isEqualTo(expected.toBytes());
    }
}
