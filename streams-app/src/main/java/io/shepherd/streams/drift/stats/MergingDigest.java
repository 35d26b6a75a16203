/*
 * Licensed to Ted Dunning under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * NOTICE: ported from t-digest 3.3 (com.tdunning:t-digest:3.3, https://github.com/tdunning/t-digest) by Ted Dunning
 * et al., Apache License 2.0: com.tdunning.math.stats.MergingDigest, with min and max from TDigest, the K_1 scale
 * function from ScaleFunction and the (value, index) order of Sort.stableSort.
 *
 * Changed for Shepherd: only the MergingDigest(compression) constructor with the library's defaults
 * (useWeightLimit, useAlternatingSort and useTwoLevelCompression all true), the K_1 scale and the weight-limit merge
 * are kept; the sort is an insertion sort of the buffer merged with the already sorted centroids instead of the
 * library's randomised quicksort (the same total order, so the same result); K_1's size limit computes its sine once
 * per merge; the fields are package-private so that DigestState can write and read the complete state; a copy
 * constructor was added; the arrays grow as they fill, up to the library's sizes (which still decide when the buffer
 * is merged), and a merge works in scratch space shared by the thread, so a digest holds in memory only what it uses. Dropped: data recording, the other scale functions and constructors, cdf, quantile,
 * centroids(), merging of digest lists and the library's serialization (NumericSketch and DigestView do those).
 * Every arithmetic step of add, merge and compress is the library's, in the library's order: the numbers are the
 * same, bit for bit (MergingDigestTest compares the two).
 */
package io.shepherd.streams.drift.stats;

/**
 * A t-digest that collects new values in a buffer, which is sorted and merged into the sorted array of centroids now
 * and then (when full, or when {@link #mergeBuffer} or {@link #compress} is called).
 *
 * <p>The digest's state, all of which {@link DigestState} writes: {@link #mergeCount} (merges alternate their
 * direction with its parity), {@link #min}, {@link #max}, the centroids ({@link #lastUsedCell}, {@link #totalWeight},
 * {@link #weight}, {@link #mean}) and the buffer ({@link #tempUsed}, {@link #unmergedWeight}, {@link #tempWeight},
 * {@link #tempMean}). The compressions and the capacities ({@link #centroidCapacity}, {@link #bufferCapacity}) follow
 * from the constructor's argument. The arrays hold at least what is used and grow up to those capacities: at
 * compression 100 a digest that merges its buffer every 64 values holds about 4 KB, not the library's 24 KB, which is
 * what lets 100,000 series stay in a small heap.
 */
final class MergingDigest {

    int mergeCount;
    /** The compression the caller asked for; {@link #compress} merges at it. */
    final double publicCompression;
    /** The finer compression at which the buffer is merged (two-level compression). */
    final double compression;

    /** The library's centroid array size, and its buffer size: what the arrays may grow to. */
    final int centroidCapacity;
    final int bufferCapacity;

    int lastUsedCell;
    double totalWeight;
    double[] weight;
    double[] mean;

    /**
     * The centroids as {@link DigestState} writes them, kept between merges for a digest written at every change (the
     * window of a version's serving or performance, written at every commit that follows a prediction), so that only its buffer is
     * encoded anew. Null when not kept or stale: every change of the centroids goes through {@link #merge}.
     */
    byte[] encodedCentroids;
    boolean keepEncodedCentroids;

    double unmergedWeight;
    int tempUsed;
    double[] tempWeight;
    double[] tempMean;

    /** Arrays allocated before anything is added: a digest of a feature that stays empty costs little. */
    private static final int INITIAL = 8;
    /** The merge's working space, shared by the digests of a thread (a merge does not call another). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    /** The library's {@code MergingDigest(compression)}, with its default (-1) buffer and array sizes. */
    MergingDigest(double compression) {
        if (compression < 10) {
            compression = 10;
        }
        // with the weight limit
        double sizeFudge = 10;
        if (compression < 30) {
            sizeFudge += 20;
        }
        int size = (int) (2 * compression + sizeFudge);
        int bufferSize = 5 * size;
        // two-level compression
        double scale = Math.max(1, bufferSize / size - 1);
        this.publicCompression = compression;
        this.compression = Math.sqrt(scale) * publicCompression;
        if (size < this.compression + sizeFudge) {
            size = (int) Math.ceil(this.compression + sizeFudge);
        }
        if (bufferSize <= 2 * size) {
            bufferSize = 2 * size;
        }
        centroidCapacity = size;
        bufferCapacity = bufferSize;
        weight = new double[Math.min(INITIAL, size)];
        mean = new double[weight.length];
        tempWeight = new double[Math.min(INITIAL, bufferSize)];
        tempMean = new double[tempWeight.length];
    }

    /** An exact, independent copy: the same state, so the same future. */
    MergingDigest(MergingDigest digest) {
        this(digest.publicCompression);
        mergeCount = digest.mergeCount;
        min = digest.min;
        max = digest.max;
        lastUsedCell = digest.lastUsedCell;
        totalWeight = digest.totalWeight;
        ensureCentroids(lastUsedCell);
        System.arraycopy(digest.weight, 0, weight, 0, lastUsedCell);
        System.arraycopy(digest.mean, 0, mean, 0, lastUsedCell);
        tempUsed = digest.tempUsed;
        unmergedWeight = digest.unmergedWeight;
        ensureBuffer(tempUsed);
        System.arraycopy(digest.tempWeight, 0, tempWeight, 0, tempUsed);
        System.arraycopy(digest.tempMean, 0, tempMean, 0, tempUsed);
    }

    /** Room for n centroids (at most {@link #centroidCapacity}). */
    void ensureCentroids(int n) {
        if (n > weight.length) {
            int length = Math.min(centroidCapacity, Math.max(n, weight.length + (weight.length >> 1)));
            weight = java.util.Arrays.copyOf(weight, length);
            mean = java.util.Arrays.copyOf(mean, length);
        }
    }

    /** Room for n buffered values (at most {@link #bufferCapacity}). */
    void ensureBuffer(int n) {
        if (n > tempWeight.length) {
            int length = Math.min(bufferCapacity, Math.max(n, tempWeight.length * 2));
            tempWeight = java.util.Arrays.copyOf(tempWeight, length);
            tempMean = java.util.Arrays.copyOf(tempMean, length);
        }
    }

    /** Adds x with weight w to the buffer, merging the buffer first when it is full. */
    void add(double x, int w) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("Cannot add NaN to t-digest");
        }
        if (tempUsed >= bufferCapacity - lastUsedCell - 1) {
            mergeBuffer();
        }
        ensureBuffer(tempUsed + 1);
        int where = tempUsed++;
        tempWeight[where] = w;
        tempMean[where] = x;
        unmergedWeight += w;
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    /** Merges the buffered values into the centroids at the working compression (the library's mergeNewValues()). */
    void mergeBuffer() {
        mergeNewValues(false, compression);
    }

    /** Merges the buffered values and re-merges the centroids at the public, coarser compression. */
    void compress() {
        mergeNewValues(true, publicCompression);
    }

    /** Weight of the merged centroids plus the buffered values. */
    double size() {
        return totalWeight + unmergedWeight;
    }

    private void mergeNewValues(boolean force, double compression) {
        if (totalWeight == 0 && unmergedWeight == 0) {
            return;
        }
        if (force || unmergedWeight > 0) {
            merge(unmergedWeight, mergeCount % 2 == 1, compression);
            mergeCount++;
            tempUsed = 0;
            unmergedWeight = 0;
        }
    }

    /**
     * The library's merge: the centroids are appended to the buffer, the whole is ordered by (value, index), and each
     * value in turn joins the current centroid while the centroid's weight stays within K_1's size limit at both its
     * ends; the first two and the last value stay singletons. A backwards merge (every other one) walks the values in
     * descending order and reverses the centroids afterwards.
     */
    private void merge(double unmergedWeight, boolean runBackwards, double compression) {
        encodedCentroids = null;
        int used = tempUsed;
        int incomingCount = used + lastUsedCell;
        Scratch scratch = SCRATCH.get();
        scratch.ensure(incomingCount + used);
        double[] inMean = scratch.inMean;
        double[] inWeight = scratch.inWeight;
        System.arraycopy(tempMean, 0, inMean, 0, used);
        System.arraycopy(tempWeight, 0, inWeight, 0, used);
        System.arraycopy(mean, 0, inMean, used, lastUsedCell);
        System.arraycopy(weight, 0, inWeight, used, lastUsedCell);
        int[] incomingOrder = scratch.order;
        sortRange(incomingOrder, inMean, 0, used);
        sortRange(incomingOrder, inMean, used, incomingCount);
        mergeRanges(incomingOrder, inMean, used, incomingCount);
        totalWeight += unmergedWeight;
        if (runBackwards) {
            reverse(incomingOrder, incomingCount);
        }

        double[] outMean = scratch.outMean;
        double[] outWeight = scratch.outWeight;
        int last = 0;
        outMean[last] = inMean[incomingOrder[0]];
        outWeight[last] = inWeight[incomingOrder[0]];
        double wSoFar = 0;
        double normalizer = compression / (2 * Math.PI);
        // K_1's max(q, normalizer) is 2 * sin(0.5 / normalizer) * sqrt(q * (1 - q)) for 0 < q < 1, else 0
        double sizeFactor = 2 * Math.sin(0.5 / normalizer);
        for (int i = 1; i < incomingCount; i++) {
            int ix = incomingOrder[i];
            double proposedWeight = outWeight[last] + inWeight[ix];
            double q0 = wSoFar / totalWeight;
            double q2 = (wSoFar + proposedWeight) / totalWeight;
            boolean addThis = proposedWeight <= totalWeight * Math.min(maxSize(sizeFactor, q0), maxSize(sizeFactor, q2));
            if (i == 1 || i == incomingCount - 1) {
                addThis = false;
            }
            if (addThis) {
                outWeight[last] += inWeight[ix];
                outMean[last] = outMean[last] + (inMean[ix] - outMean[last]) * inWeight[ix] / outWeight[last];
            } else {
                wSoFar += outWeight[last];
                last++;
                outMean[last] = inMean[ix];
                outWeight[last] = inWeight[ix];
            }
        }
        last++;
        if (runBackwards) {
            reverse(outMean, last);
            reverse(outWeight, last);
        }
        lastUsedCell = last;
        ensureCentroids(last);
        System.arraycopy(outMean, 0, mean, 0, last);
        System.arraycopy(outWeight, 0, weight, 0, last);
        if (totalWeight > 0) {
            min = Math.min(min, mean[0]);
            max = Math.max(max, mean[lastUsedCell - 1]);
        }
    }

    /** A merge's working space: the incoming values and their order, and the centroids being built. */
    private static final class Scratch {
        double[] inMean = new double[0];
        double[] inWeight = new double[0];
        double[] outMean = new double[0];
        double[] outWeight = new double[0];
        int[] order = new int[0];

        /** Room for n incoming values (the order needs the buffer's part twice: n here is incoming plus buffered). */
        void ensure(int n) {
            if (n > order.length) {
                inMean = new double[n];
                inWeight = new double[n];
                outMean = new double[n];
                outWeight = new double[n];
                order = new int[n];
            }
        }
    }

    private static double maxSize(double sizeFactor, double q) {
        return q <= 0 || q >= 1 ? 0 : sizeFactor * Math.sqrt(q * (1 - q));
    }

    /**
     * Sorts the indexes from..to of values into order[from..to) by (value, index), the order of the library's
     * Sort.stableSort; O(n) for sorted input, either way round (the centroids are ascending, or descending after a
     * backwards merge), O(n^2) at worst for the buffer, which holds 64 values in Shepherd's use.
     */
    private static void sortRange(int[] order, double[] values, int from, int to) {
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

    /**
     * Merges the sorted buffer order[0..used) and the sorted centroids order[used..n) into order[0..n) by (value,
     * index), the buffer first on equal values (its indexes are lower). The buffer's part is first moved to
     * order[n..n + used), which the caller made room for.
     */
    private static void mergeRanges(int[] order, double[] values, int used, int n) {
        System.arraycopy(order, 0, order, n, used);
        int a = n;
        int aEnd = n + used;
        int b = used;
        for (int k = 0; k < n; k++) {
            boolean buffered = b == n || (a < aEnd && !(values[order[b]] < values[order[a]]));
            order[k] = buffered ? order[a++] : order[b++];
        }
    }

    private static void reverse(int[] values, int length) {
        for (int i = 0, j = length - 1; i < j; i++, j--) {
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static void reverse(double[] values, int length) {
        for (int i = 0, j = length - 1; i < j; i++, j--) {
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
