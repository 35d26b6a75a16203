package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import com.tdunning.math.stats.ScaleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The port does what t-digest 3.3's MergingDigest (K_1 scale, the library's defaults) does, bit for bit, or restored
 * sketches, scores and accuracy would all change. A port and a library digest are fed the same values and merged at
 * the same points (the library's public {@code centroidCount()} merges its buffer as {@link MergingDigest#mergeBuffer}
 * does); now and then both are compressed twice (the library's {@code byteSize()} and {@code asBytes()} each compress)
 * and their centroids compared exactly, after which both go on from the same state. Inputs with ties (signed zeros
 * included), weights above 1 (merged-in centroids), buffers of several sizes (a full buffer merges by itself), both
 * merge directions and several compressions.
 */
class MergingDigestTest {

    @ParameterizedTest(name = "{0} values, merged every {1}, compression {2}")
    @CsvSource({
            "continuous, 64, 100",
            "continuous, 1, 100",
            "continuous, 7, 100",
            "continuous, 300, 100",
            "continuous, 500, 100",
            "continuous, 5000, 100",
            "continuous, 64, 20",
            "continuous, 64, 500",
            "few distinct, 64, 100",
            "few distinct, 5, 100",
            "signed zeros, 64, 100",
            "weighted, 64, 100",
            "ascending, 64, 100",
            "descending, 64, 100"})
    void doesWhatTheLibraryDoesBitForBit(String values, int mergeEvery, double compression) {
        SplittableRandom random = new SplittableRandom(values.hashCode() * 31L + mergeEvery);
        DoubleSupplier next = source(values, random);
        MergingDigest port = new MergingDigest(compression);
        com.tdunning.math.stats.MergingDigest library = new com.tdunning.math.stats.MergingDigest(compression);
        library.setScaleFunction(ScaleFunction.K_1);
        int compared = 0;
        for (int i = 1; i <= 40_000; i++) {
            double x = next.getAsDouble();
            // the merge requires its extreme centroids to be single values: weights above 1 only near the middle
            int w = values.equals("weighted") && Math.abs(x) < 0.5 && random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 1;
            port.add(x, w);
            library.add(x, w);
            if (i % mergeEvery == 0) {
                port.mergeBuffer();
                assertThat(port.lastUsedCell).as("after %d values", i).isEqualTo(library.centroidCount());
                assertThat(port.tempUsed).isZero();
            }
            if (i % 6_007 == 0 || i == 40_000) {
                assertThat(compressedTwice(port)).as("after %d values", i).isEqualTo(compressedTwice(library));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(7);
        assertThat(port.lastUsedCell).isGreaterThan(1);
        assertThat(port.size()).isEqualTo(library.size());
    }

    @org.junit.jupiter.api.Test
    void holdsOnlyTheArraysItUsesAFifthOfTheLibrarysSizes() {
        MergingDigest digest = new MergingDigest(100);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 1; i <= 100_000; i++) {
            digest.add(random.nextGaussian(), 1);
            if (i % NumericSketch.MERGE_EVERY == 0) {
                digest.mergeBuffer();
            }
        }
        long arrayBytes = 8L * (digest.weight.length + digest.mean.length + digest.tempWeight.length + digest.tempMean.length);
        long librarySizes = 8L * 2 * (digest.centroidCapacity + digest.bufferCapacity) + 4L * digest.bufferCapacity;

        assertThat(digest.tempWeight.length).isEqualTo(NumericSketch.MERGE_EVERY);
        assertThat(digest.weight.length).isGreaterThanOrEqualTo(digest.lastUsedCell).isLessThanOrEqualTo(digest.centroidCapacity);
        assertThat(arrayBytes).isLessThan(6_000);
        assertThat(librarySizes).isGreaterThan(5 * arrayBytes);
    }

    /** The library's verbose encoding of its centroids, after the two compressions of byteSize() and asBytes(). */
    private static byte[] compressedTwice(com.tdunning.math.stats.MergingDigest library) {
        ByteBuffer buf = ByteBuffer.allocate(library.byteSize());
        library.asBytes(buf);
        return buf.array();
    }

    /** The same encoding of the port's centroids, after two compressions. */
    private static byte[] compressedTwice(MergingDigest port) {
        port.compress();
        port.compress();
        ByteBuffer buf = ByteBuffer.allocate(32 + 16 * port.lastUsedCell);
        buf.putInt(1).putDouble(port.min).putDouble(port.max).putDouble(port.publicCompression);
        buf.putInt(port.lastUsedCell);
        for (int i = 0; i < port.lastUsedCell; i++) {
            buf.putDouble(port.weight[i]).putDouble(port.mean[i]);
        }
        return buf.array();
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
}
