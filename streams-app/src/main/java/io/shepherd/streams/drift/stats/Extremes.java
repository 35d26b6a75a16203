package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The k smallest and k largest values seen, exactly. Next to its singleton min and max, a t-digest's extreme centroids
 * hold tens to hundreds of values (scale K_1, compression 100, 10^4 to 10^6 values), which it can only interpolate
 * between; for heavy tails that interpolation dominated the error of the Wasserstein distance (4 % at 10^6 Student-t(2)
 * values; 1 % with these). With these order statistics the digest's view ({@link DigestView}) is exact in both tails.
 * {@link #offer} costs two comparisons once k values have been seen and allocates nothing.
 */
final class Extremes {

    /** 16 per side: 256 bytes, enough to make the W1 of a Student-t(2) sample exact to ~1 % (32 gained nothing). */
    static final int K = 16;

    /** Ascending. */
    private final double[] low = new double[K];
    /** Descending. */
    private final double[] high = new double[K];
    private int size;

    void offer(double v) {
        if (size == K) {
            if (v < low[K - 1]) {
                insertLow(v, K - 1);
            }
            if (v > high[K - 1]) {
                insertHigh(v, K - 1);
            }
            return;
        }
        insertLow(v, size);
        insertHigh(v, size);
        size++;
    }

    /** Inserts v, dropping the value at {@code last} (or filling it). */
    private void insertLow(double v, int last) {
        int i = last - 1;
        while (i >= 0 && low[i] > v) {
            low[i + 1] = low[i];
            i--;
        }
        low[i + 1] = v;
    }

    private void insertHigh(double v, int last) {
        int i = last - 1;
        while (i >= 0 && high[i] < v) {
            high[i + 1] = high[i];
            i--;
        }
        high[i + 1] = v;
    }

    /** Adds another's extremes: the k smallest of the union are among the two lists of k smallest, and so on. */
    void merge(Extremes other) {
        int merged = Math.min(K, size + other.size);
        mergeInto(low, size, other.low, other.size, merged, true);
        mergeInto(high, size, other.high, other.size, merged, false);
        size = merged;
    }

    private static void mergeInto(double[] mine, int mineSize, double[] theirs, int theirsSize, int keep, boolean ascending) {
        double[] result = new double[keep];
        int i = 0;
        int j = 0;
        for (int k = 0; k < keep; k++) {
            boolean takeMine = j >= theirsSize
                    || (i < mineSize && (ascending ? mine[i] <= theirs[j] : mine[i] >= theirs[j]));
            result[k] = takeMine ? mine[i++] : theirs[j++];
        }
        System.arraycopy(result, 0, mine, 0, keep);
    }

    /** Number of values kept on each side: min(k, values seen). */
    int size() {
        return size;
    }

    /** The smallest values, ascending. */
    double[] lowest() {
        return Arrays.copyOf(low, size);
    }

    /** The largest values, descending. */
    double[] highest() {
        return Arrays.copyOf(high, size);
    }

    int sizeInBytes() {
        return 2 + 16 * size;
    }

    void write(ByteBuffer buf) {
        buf.putShort((short) size);
        for (int i = 0; i < size; i++) {
            buf.putDouble(low[i]);
        }
        for (int i = 0; i < size; i++) {
            buf.putDouble(high[i]);
        }
    }

    static Extremes read(ByteBuffer buf, long count, String type) {
        Extremes extremes = new Extremes();
        int size = buf.getShort();
        SketchFormat.require(size == Math.min(K, count), type, size + " extremes for " + count + " values");
        for (int i = 0; i < size; i++) {
            extremes.low[i] = buf.getDouble();
            SketchFormat.require(i == 0 || extremes.low[i] >= extremes.low[i - 1], type, "lowest values out of order");
        }
        for (int i = 0; i < size; i++) {
            extremes.high[i] = buf.getDouble();
            SketchFormat.require(i == 0 || extremes.high[i] <= extremes.high[i - 1], type, "highest values out of order");
        }
        extremes.size = size;
        return extremes;
    }
}
