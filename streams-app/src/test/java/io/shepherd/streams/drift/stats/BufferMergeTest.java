package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BufferMerge} must leave a digest in exactly the state the library's own merge leaves it in, or restored
 * sketches, scores and accuracy would all change: two digests fed the same values, one merged each way, are compared
 * byte for byte after every merge, over inputs with ties (signed zeros included), weights above 1 (merged-in
 * centroids), buffers of several sizes and both merge directions.
 */
class BufferMergeTest {

    @ParameterizedTest(name = "{0} values, merged every {1}, compression {2}")
    @CsvSource({
            "continuous, 64, 100",
            "continuous, 1, 100",
            "continuous, 7, 100",
            "continuous, 300, 100",
            "continuous, 500, 100",
            "continuous, 64, 20",
            "continuous, 64, 500",
            "few distinct, 64, 100",
            "few distinct, 5, 100",
            "signed zeros, 64, 100",
            "weighted, 64, 100",
            "ascending, 64, 100",
            "descending, 64, 100"})
    void mergesToTheLibrarysStateBitForBit(String values, int mergeEvery, double compression) {
        SplittableRandom random = new SplittableRandom(values.hashCode() * 31L + mergeEvery);
        DoubleSupplier next = source(values, random);
        MergingDigest fast = DigestState.newDigest(compression, ScaleFunction.K_1);
        MergingDigest library = DigestState.newDigest(compression, ScaleFunction.K_1);
        assertThat(BufferMerge.applies(fast)).isTrue();
        int merges = 0;
        for (int i = 1; i <= 40_000; i++) {
            double x = next.getAsDouble();
            // the library requires its extreme centroids to be single values: weights above 1 only near the middle
            int w = values.equals("weighted") && Math.abs(x) < 0.5 && random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 1;
            fast.add(x, w);
            library.add(x, w);
            if (i % mergeEvery == 0) {
                // beyond about 400 buffered values the scratch space is too small and the library's merge is used
                assertThat(BufferMerge.merge(fast) || mergeEvery > 400).isTrue();
                DigestState.mergeBuffer(fast);
                DigestState.libraryMergeBuffer(library);
                merges++;
                assertThat(stateOf(fast)).as("after merge %d", merges).isEqualTo(stateOf(library));
            }
        }
        assertThat(merges).isEqualTo(40_000 / mergeEvery);
        assertThat(fast.centroidCount()).isGreaterThan(1);
    }

    private static DoubleSupplier source(String values, SplittableRandom random) {
        return switch (values) {
            case "few distinct" -> () -> random.nextInt(12) - 6;
            case "signed zeros" -> () -> switch (random.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> -0.0;
                default -> random.nextGaussian();
            };
            case "ascending" -> new DoubleSupplier() {
                private double x;

                @Override
                public double getAsDouble() {
                    return x += random.nextDouble();
                }
            };
            case "descending" -> new DoubleSupplier() {
                private double x;

                @Override
                public double getAsDouble() {
                    return x -= random.nextDouble();
                }
            };
            default -> random::nextGaussian;
        };
    }

    private static byte[] stateOf(MergingDigest digest) {
        ByteBuffer buf = ByteBuffer.allocate(DigestState.sizeInBytes(digest));
        DigestState.write(digest, buf);
        return buf.array();
    }
}
