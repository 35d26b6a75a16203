package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The state {@link DigestState} writes is complete: a digest read back, or copied, has the same future. */
class DigestStateTest {

    @Test
    void aDigestReadBackBehavesExactlyAsTheOriginal() {
        Random random = new Random(1);
        MergingDigest original = new MergingDigest(100);
        MergingDigest restored = new MergingDigest(100);
        for (int i = 0; i < 30_000; i++) {
            double x = random.nextGaussian();
            int w = random.nextInt(10) == 0 ? 1 + random.nextInt(50) : 1;
            original.add(x, w);
            restored.add(x, w);
            if (random.nextInt(300) == 0) {
                restored = roundTrip(restored);
                assertThat(stateOf(restored)).isEqualTo(stateOf(original));
            }
            if (random.nextInt(200) == 0) {
                original.mergeBuffer();
                restored.mergeBuffer();
            }
        }
        MergingDigest copy = new MergingDigest(original);
        assertThat(stateOf(copy)).isEqualTo(stateOf(original));

        for (MergingDigest digest : new MergingDigest[] {original, restored, copy}) {
            digest.compress();
        }
        assertThat(stateOf(restored)).isEqualTo(stateOf(original)).isEqualTo(stateOf(copy));
    }

    @Test
    void writingAndCopyingDoNotChangeTheDigest() {
        MergingDigest digest = new MergingDigest(100);
        Random random = new Random(2);
        for (int i = 0; i < 2_500; i++) {
            digest.add(random.nextDouble(), 1);
        }
        byte[] before = stateOf(digest);
        assertThat(digest.tempUsed).isPositive();

        new MergingDigest(digest).compress();
        DigestState.sizeInBytes(digest);

        assertThat(stateOf(digest)).isEqualTo(before);
    }

    @Test
    void weightsOfOneTakeNoSpaceAndMeansAreKeptExactly() {
        MergingDigest digest = new MergingDigest(100);
        int empty = DigestState.sizeInBytes(digest);
        double[] values = {Math.PI, -0.0, Double.MIN_VALUE, 1e300, -1e-300};
        for (double v : values) {
            digest.add(v, 1);
        }

        assertThat(DigestState.sizeInBytes(digest)).isEqualTo(empty + XorDoubles.size(values, values.length));
        MergingDigest restored = roundTrip(digest);
        assertThat(stateOf(restored)).isEqualTo(stateOf(digest));
        digest.compress();
        restored.compress();
        assertThat(stateOf(restored)).isEqualTo(stateOf(digest));
        assertThat(Double.doubleToRawLongBits(restored.mean[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void refusesCorruptState() {
        MergingDigest digest = new MergingDigest(100);
        for (int i = 0; i < 100; i++) {
            digest.add(i, 1);
        }
        byte[] bytes = stateOf(digest);
        bytes[0] = 4;

        assertThatThrownBy(() -> DigestState.read(ByteBuffer.wrap(bytes), 100, DigestState.XOR_MEANS, "test"))
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
        MergingDigest read = DigestState.read(buf, digest.publicCompression, DigestState.XOR_MEANS, "test");
        assertThat(buf.hasRemaining()).isFalse();
        return read;
    }
}
