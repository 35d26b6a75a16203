package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.tdunning.math.stats.AbstractTDigest;
import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import org.junit.jupiter.api.Test;

/**
 * {@link DigestState} knows t-digest 3.3's private layout: these tests fail loudly when the library changes it (a new
 * field may be state that must be written too), and show that the state written is complete.
 */
class DigestStateTest {

    @Test
    void theTDigestOnTheClassPathHasTheLayoutDigestStateKnows() {
        assertThat(instanceFields(MergingDigest.class)).as("MergingDigest's fields: does DigestState write them all?")
                .containsExactlyInAnyOrder("mergeCount int", "publicCompression double", "compression double",
                        "lastUsedCell int", "totalWeight double", "weight double[]", "mean double[]",
                        "data java.util.List", "unmergedWeight double", "tempUsed int", "tempWeight double[]",
                        "tempMean double[]", "tempData java.util.List", "order int[]", "useAlternatingSort boolean",
                        "useTwoLevelCompression boolean");
        assertThat(instanceFields(AbstractTDigest.class)).containsExactly("recordAllData boolean");
        assertThat(instanceFields(TDigest.class))
                .containsExactlyInAnyOrder("scale com.tdunning.math.stats.ScaleFunction", "min double", "max double");
        // resolving the fields happens at class initialization and fails with a message naming the missing field
        MergingDigest digest = new MergingDigest(100);
        digest.add(1);
        assertThat(DigestState.buffered(digest)).isEqualTo(1);
        DigestState.mergeBuffer(digest);
        assertThat(DigestState.buffered(digest)).isZero();
        assertThat(digest.centroidCount()).isEqualTo(1);
    }

    private static Set<String> instanceFields(Class<?> type) {
        Set<String> fields = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                fields.add(field.getName() + " " + field.getType().getTypeName());
            }
        }
        return fields;
    }

    @Test
    void aDigestReadBackBehavesExactlyAsTheOriginal() {
        Random random = new Random(1);
        MergingDigest original = DigestState.newDigest(100, NumericSketch.SCALE);
        MergingDigest restored = DigestState.newDigest(100, NumericSketch.SCALE);
        for (int i = 0; i < 30_000; i++) {
            double x = random.nextGaussian();
            int w = random.nextInt(10) == 0 ? 1 + random.nextInt(50) : 1;
            original.add(x, w);
            restored.add(x, w);
            if (random.nextInt(300) == 0) {
                restored = roundTrip(restored);
                assertThat(stateOf(restored)).isEqualTo(stateOf(original));
            }
        }
        MergingDigest copy = DigestState.copy(original);
        assertThat(stateOf(copy)).isEqualTo(stateOf(original));

        // the library's own (mutating) reads give the same results on both
        for (double q = 0; q <= 1; q += 0.01) {
            assertThat(restored.quantile(q)).isEqualTo(original.quantile(q)).isEqualTo(copy.quantile(q));
        }
        for (double x = -4; x <= 4; x += 0.01) {
            assertThat(restored.cdf(x)).isEqualTo(original.cdf(x));
        }
        assertThat(centroidsOf(restored)).isEqualTo(centroidsOf(original)).isEqualTo(centroidsOf(copy));
    }

    @Test
    void writingAndCopyingDoNotChangeTheDigest() {
        MergingDigest digest = DigestState.newDigest(100, NumericSketch.SCALE);
        Random random = new Random(2);
        for (int i = 0; i < 2_500; i++) {
            digest.add(random.nextDouble());
        }
        byte[] before = stateOf(digest);
        assertThat(DigestState.buffered(digest)).isPositive();

        DigestState.copy(digest).compress();
        DigestState.sizeInBytes(digest);

        assertThat(stateOf(digest)).isEqualTo(before);
    }

    @Test
    void weightsOfOneTakeNoSpaceAndMeansAreKeptExactly() {
        MergingDigest digest = DigestState.newDigest(100, NumericSketch.SCALE);
        int empty = DigestState.sizeInBytes(digest);
        double[] values = {Math.PI, -0.0, Double.MIN_VALUE, 1e300, -1e-300};
        for (double v : values) {
            digest.add(v);
        }

        assertThat(DigestState.sizeInBytes(digest)).isEqualTo(empty + 8 * values.length);
        MergingDigest restored = roundTrip(digest);
        assertThat(stateOf(restored)).isEqualTo(stateOf(digest));
        digest.compress();
        restored.compress();
        assertThat(centroidsOf(restored)).isEqualTo(centroidsOf(digest));
    }

    @Test
    void refusesCorruptState() {
        MergingDigest digest = DigestState.newDigest(100, NumericSketch.SCALE);
        for (int i = 0; i < 100; i++) {
            digest.add(i);
        }
        byte[] bytes = stateOf(digest);
        bytes[0] = 4;

        assertThatThrownBy(() -> DigestState.read(ByteBuffer.wrap(bytes), 100, NumericSketch.SCALE, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    }

    private static byte[] stateOf(MergingDigest digest) {
        ByteBuffer buf = ByteBuffer.allocate(DigestState.sizeInBytes(digest));
        DigestState.write(digest, buf);
        assertThat(buf.hasRemaining()).isFalse();
        return buf.array();
    }

    private static MergingDigest roundTrip(MergingDigest digest) {
        ByteBuffer buf = ByteBuffer.wrap(stateOf(digest));
        MergingDigest read = DigestState.read(buf, digest.compression(), digest.getScaleFunction(), "test");
        assertThat(buf.hasRemaining()).isFalse();
        return read;
    }

    private static List<String> centroidsOf(MergingDigest digest) {
        List<String> centroids = new ArrayList<>();
        for (Centroid c : digest.centroids()) {
            centroids.add(c.count() + "@" + Double.doubleToRawLongBits(c.mean()));
        }
        return centroids;
    }
}
