package io.shepherd.streams.drift.stats;

import static io.shepherd.streams.drift.stats.DigestState.COMPRESSION;
import static io.shepherd.streams.drift.stats.DigestState.LAST_USED_CELL;
import static io.shepherd.streams.drift.stats.DigestState.MAX;
import static io.shepherd.streams.drift.stats.DigestState.MEAN;
import static io.shepherd.streams.drift.stats.DigestState.MERGE_COUNT;
import static io.shepherd.streams.drift.stats.DigestState.MIN;
import static io.shepherd.streams.drift.stats.DigestState.ORDER;
import static io.shepherd.streams.drift.stats.DigestState.TEMP_MEAN;
import static io.shepherd.streams.drift.stats.DigestState.TEMP_USED;
import static io.shepherd.streams.drift.stats.DigestState.TEMP_WEIGHT;
import static io.shepherd.streams.drift.stats.DigestState.TOTAL_WEIGHT;
import static io.shepherd.streams.drift.stats.DigestState.UNMERGED_WEIGHT;
import static io.shepherd.streams.drift.stats.DigestState.WEIGHT;
import static io.shepherd.streams.drift.stats.DigestState.array;
import static io.shepherd.streams.drift.stats.DigestState.getDouble;
import static io.shepherd.streams.drift.stats.DigestState.getInt;
import static io.shepherd.streams.drift.stats.DigestState.ints;
import static io.shepherd.streams.drift.stats.DigestState.set;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;

/**
 * Merges a t-digest 3.3 {@link MergingDigest}'s buffer into its centroids with exactly the result of the library's
 * private {@code mergeNewValues()} (same centroids, bit for bit: BufferMergeTest checks it against the library), for
 * the K_1 scale with the library's weight limit, in a fraction of its time. It was a sixth of the drift processor's
 * time: the library sorts the buffer and the centroids together with an index quicksort and evaluates K_1's size
 * limit, a sine of a constant included, twice per value.
 *
 * <p>Here only the buffer is sorted (by insertion: it holds 64 values, see {@link NumericSketch#MERGE_EVERY}); the
 * centroids are sorted already (ascending, or descending after a backwards merge, which the library alternates) and
 * are merged with it in one pass, into the library's order: by value, ties by position in the library's incoming
 * array (buffer first, then centroids). The sine is computed once per merge. The rest is the library's loop,
 * statement for statement, so the floating-point results are the same.
 */
final class BufferMerge {

    private BufferMerge() {
    }

    /** Whether {@link #merge} reproduces the library's merge for this digest (else the library's must be used). */
    static boolean applies(MergingDigest digest) {
        return digest.getScaleFunction() == ScaleFunction.K_1 && MergingDigest.useWeightLimit && !digest.isRecording();
    }

    /**
     * Does what {@code mergeNewValues()} does, and returns true; or returns false without changing anything when the
     * buffer is too full for its scratch space (more than about 400 values), and the library's merge must be used.
     * The caller checked {@link #applies}.
     */
    static boolean merge(MergingDigest digest) {
        int used = getInt(TEMP_USED, digest);
        int cells = getInt(LAST_USED_CELL, digest);
        int[] order = ints(ORDER, digest);
        if (2 * used + cells > order.length) {
            return false;
        }
        double unmergedWeight = getDouble(UNMERGED_WEIGHT, digest);
        if (!(unmergedWeight > 0)) {
            return true;
        }
        double[] inMean = array(TEMP_MEAN, digest);
        double[] inWeight = array(TEMP_WEIGHT, digest);
        double[] mean = array(MEAN, digest);
        double[] weight = array(WEIGHT, digest);
        // as the library does: the centroids are appended to the buffer, then rewritten from the merged sequence
        System.arraycopy(mean, 0, inMean, used, cells);
        System.arraycopy(weight, 0, inWeight, used, cells);
        int n = used + cells;
        sortRange(order, inMean, 0, used);
        sortRange(order, inMean, used, n);
        int mergeCount = getInt(MERGE_COUNT, digest);
        boolean backwards = digest.useAlternatingSort & mergeCount % 2 == 1;
        double totalWeight = getDouble(TOTAL_WEIGHT, digest) + unmergedWeight;
        mergeOrder(order, inMean, used, n, backwards);
        int last = compressInto(order, inMean, inWeight, n, totalWeight, getDouble(COMPRESSION, digest), mean, weight);
        if (backwards) {
            reverse(mean, last);
            reverse(weight, last);
        }
        if (totalWeight > 0) {
            set(MIN, digest, Math.min(getDouble(MIN, digest), mean[0]));
            set(MAX, digest, Math.max(getDouble(MAX, digest), mean[last - 1]));
        }
        set(TOTAL_WEIGHT, digest, totalWeight);
        set(LAST_USED_CELL, digest, last);
        set(MERGE_COUNT, digest, mergeCount + 1);
        set(TEMP_USED, digest, 0);
        set(UNMERGED_WEIGHT, digest, 0.0);
        return true;
    }

    /**
     * The library's merge loop with the weight limit: each value joins the current centroid while the centroid's
     * weight stays within K_1's size limit at both its ends; the first two and the last value stay singletons.
     *
     * @return the number of centroids written to mean and weight
     */
    private static int compressInto(int[] order, double[] inMean, double[] inWeight, int n, double totalWeight,
                                    double compression, double[] mean, double[] weight) {
        double normalizer = ScaleFunction.K_1.normalizer(compression, totalWeight);
        // K_1.max(q, normalizer) = 2 * sin(0.5 / normalizer) * sqrt(q * (1 - q)) for 0 < q < 1, else 0
        double sizeFactor = 2 * Math.sin(0.5 / normalizer);
        int last = 0;
        int first = order[0];
        mean[0] = inMean[first];
        weight[0] = inWeight[first];
        double wSoFar = 0;
        for (int i = 1; i < n; i++) {
            int ix = order[i];
            double proposedWeight = weight[last] + inWeight[ix];
            double q0 = wSoFar / totalWeight;
            double q2 = (wSoFar + proposedWeight) / totalWeight;
            boolean addThis = proposedWeight <= totalWeight * Math.min(maxSize(sizeFactor, q0), maxSize(sizeFactor, q2));
            if (i == 1 || i == n - 1) {
                addThis = false;
            }
            if (addThis) {
                weight[last] += inWeight[ix];
                mean[last] = mean[last] + (inMean[ix] - mean[last]) * inWeight[ix] / weight[last];
            } else {
                wSoFar += weight[last];
                last++;
                mean[last] = inMean[ix];
                weight[last] = inWeight[ix];
            }
        }
        return last + 1;
    }

    private static double maxSize(double sizeFactor, double q) {
        return q <= 0 || q >= 1 ? 0 : sizeFactor * Math.sqrt(q * (1 - q));
    }

    /**
     * Sorts the indexes from..to of values into order[from..to) by (value, index), the library's order; O(n) for
     * sorted input, either way round.
     */
    static void sortRange(int[] order, double[] values, int from, int to) {
        boolean descending = to - from > 1 && values[to - 1] < values[from];
        for (int i = from; i < to; i++) {
            order[i] = descending ? to - 1 - (i - from) : i;
        }
        for (int i = from + 1; i < to; i++) {
            int ix = order[i];
            double v = values[ix];
            int j = i - 1;
            while (j >= from && (values[order[j]] > v || (values[order[j]] == v && order[j] > ix))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = ix;
        }
    }

    private static void reverse(double[] values, int length) {
        for (int i = 0, j = length - 1; i < j; i++, j--) {
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * Merges the sorted buffer order[0..used) and the sorted centroids order[used..n) into order[0..n) by (value,
     * index), the buffer first on equal values (its indexes are lower); reversed when running backwards. In place:
     * the buffer's part is moved to the scratch space after n first (the library's order array has room for it).
     */
    static void mergeOrder(int[] order, double[] values, int used, int n, boolean backwards) {
        System.arraycopy(order, 0, order, n, used);
        int a = n;
        int aEnd = n + used;
        int b = used;
        for (int k = 0; k < n; k++) {
            boolean buffered = b == n || (a < aEnd && !(values[order[b]] < values[order[a]]));
            order[k] = buffered ? order[a++] : order[b++];
        }
        if (backwards) {
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}
