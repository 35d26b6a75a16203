package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A read-only view of a t-digest as its compressed centroids, with the CDF and quantile function of t-digest 3.3's
 * {@code MergingDigest} (same interpolation), found by binary search. {@link MergingDigest}, the port, keeps neither:
 * the library's cdf and quantile merged pending values and compressed the digest they read.
 *
 * <p>Why a view and not the digest: reading must not change the digest, or a sketch's future would depend on when
 * it was read. The view is built from the summary of a compressed copy instead ({@link NumericSketch#summaryBytes}),
 * a function of the digest's state alone, which {@link NumericSketch#toBytes} writes completely: a sketch scored live
 * and the same sketch read back from its bytes give bit-identical scores. The bytes are t-digest 3.3's small encoding
 * ({@code MergingDigest.asSmallBytes}): int encoding (2), double min, double max, float compression, short array
 * size, short buffer size, short centroid count, then per centroid a float weight and a float mean.
 *
 * <p>t-digest interpolates as if a centroid's weight were spread around its mean, half on each side, except for
 * singletons, which are point masses; so are repeated values here ({@link DiscreteAtoms}), so the CDF steps at them.
 * For continuous data every result of {@link #parse} equals the library's; {@link #of} also makes both tails exact
 * with the extreme values the sketch keeps ({@link TailReplacement}).
 */
final class DigestView {

    private static final int SMALL_ENCODING = 2;

    private final double min;
    private final double max;
    private final double[] mean;
    private final double[] weight;
    /** Weight of the centroids before centroid i. */
    private final double[] before;
    /** Rank of the middle of centroid i: before[i] + weight[i] / 2. */
    private final double[] center;
    /** Singletons and members of runs of equal means: all their weight sits at their mean. */
    private final boolean[] pointMass;
    private final double total;

    private DigestView(double min, double max, double[] rawMean, double[] rawWeight) {
        this.min = min;
        this.max = max;
        DiscreteAtoms.Centroids centroids = DiscreteAtoms.mark(rawMean, rawWeight);
        this.mean = centroids.mean();
        this.weight = centroids.weight();
        this.pointMass = centroids.pointMass();
        this.before = new double[mean.length];
        this.center = new double[mean.length];
        double sum = 0;
        for (int i = 0; i < mean.length; i++) {
            before[i] = sum;
            center[i] = sum + weight[i] / 2;
            sum += weight[i];
        }
        this.total = sum;
    }

    /** The digest alone, as the library would interpolate it. */
    static DigestView parse(byte[] smallBytes) {
        return of(smallBytes, new double[0], new double[0]);
    }

    /**
     * The digest with its tails replaced by the exact extreme values: k singletons at each end, the values they take
     * out of the first (last) centroids removed from those centroids' weight and sum. Applied from 4k values on, so
     * the two tails never meet; below that the digest keeps nearly every value as its own centroid anyway.
     *
     * @param lowest  the k smallest values, ascending
     * @param highest the k largest values, descending
     */
    static DigestView of(byte[] smallBytes, double[] lowest, double[] highest) {
        ByteBuffer buf = ByteBuffer.wrap(smallBytes);
        SketchFormat.require(buf.getInt() == SMALL_ENCODING, "t-digest", "not the small encoding");
        double min = buf.getDouble();
        double max = buf.getDouble();
        buf.getFloat();
        buf.getShort();
        buf.getShort();
        int n = buf.getShort();
        SketchFormat.require(n >= 0 && n * 8 == buf.remaining(), "t-digest", "centroid count " + n + " does not fit the bytes");
        double[] mean = new double[n];
        double[] weight = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = buf.getFloat();
            mean[i] = buf.getFloat();
            total += weight[i];
            SketchFormat.require(weight[i] > 0 && !Double.isNaN(mean[i]), "t-digest", "bad centroid " + i);
            SketchFormat.require(i == 0 || mean[i] >= mean[i - 1], "t-digest", "centroids out of order at " + i);
        }
        int k = lowest.length;
        if (k == 0 || total < 4 * k) {
            return new DigestView(min, max, mean, weight);
        }
        double[][] tails = TailReplacement.apply(mean, weight, lowest, highest);
        return new DigestView(lowest[0], highest[0], tails[0], tails[1]);
    }

    boolean isEmpty() {
        return mean.length == 0;
    }

    double total() {
        return total;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    int centroidCount() {
        return mean.length;
    }

    double mean(int i) {
        return mean[i];
    }

    double weight(int i) {
        return weight[i];
    }

    /** Share of the weight at or below x, interpolated as t-digest does (half of a point mass at x counts). */
    double cdf(double x) {
        int n = mean.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (x < min) {
            return 0;
        }
        if (x > max) {
            return 1;
        }
        if (n == 1) {
            return max - min <= 0 ? 0.5 : (x - min) / (max - min);
        }
        if (x < mean[0]) {
            return leftTailCdf(x);
        }
        if (x > mean[n - 1]) {
            return rightTailCdf(x);
        }
        int lo = lowerBound(x);
        if (mean[lo] == x) {
            int hi = upperBound(x);
            double atX = before[hi - 1] + weight[hi - 1] - before[lo];
            return (before[lo] + atX / 2) / total;
        }
        return betweenCdf(lo - 1, x);
    }

    /**
     * {@link #cdf} at each of the points, which must not decrease: the same values, found by moving forward over the
     * centroids instead of two binary searches per point (KS reads some 1,000 of them per comparison).
     */
    double[] cdfs(double[] ascending) {
        return cdfs(ascending, false);
    }

    /** Share of the weight at or below x: like {@link #cdf} but a point mass at x counts whole (right-continuous). */
    double cdfAtOrBelow(double x) {
        if (mean.length == 0 || x < min || x > max) {
            return cdf(x);
        }
        int lo = lowerBound(x);
        if (lo == mean.length || mean[lo] != x) {
            return cdf(x);
        }
        return atCentroids(lo, x, true);
    }

    /**
     * {@link #cdfAtOrBelow} at each of the points, which must not decrease: the same values, found by moving forward
     * over the centroids instead of a binary search per point (the probability of superiority reads 4,000 of them).
     */
    double[] cdfsAtOrBelow(double[] ascending) {
        return cdfs(ascending, true);
    }

    private double[] cdfs(double[] ascending, boolean pointMassWhole) {
        int n = mean.length;
        double[] result = new double[ascending.length];
        int lo = 0;
        for (int k = 0; k < ascending.length; k++) {
            double x = ascending[k];
            if (n <= 1 || x < min || x > max || x < mean[0] || x > mean[n - 1]) {
                result[k] = pointMassWhole ? cdfAtOrBelow(x) : cdf(x);
                continue;
            }
            while (lo < n && mean[lo] < x) {
                lo++;
            }
            result[k] = mean[lo] == x ? atCentroids(lo, x, pointMassWhole) : betweenCdf(lo - 1, x);
        }
        return result;
    }

    /**
     * The CDF at x, where {@code lo} is the first centroid at x: the weight before it plus half of the centroids at x,
     * or, with {@code pointMassWhole}, the point masses at x whole.
     */
    private double atCentroids(int lo, double x, boolean pointMassWhole) {
        int n = mean.length;
        if (!pointMassWhole) {
            int hi = lo;
            while (hi < n && mean[hi] <= x) {
                hi++;
            }
            double atX = before[hi - 1] + weight[hi - 1] - before[lo];
            return (before[lo] + atX / 2) / total;
        }
        double atOrBelow = before[lo];
        for (int i = lo; i < n && mean[i] == x; i++) {
            atOrBelow += pointMass[i] ? weight[i] : weight[i] / 2;
        }
        return atOrBelow / total;
    }

    private double leftTailCdf(double x) {
        if (mean[0] - min <= 0) {
            return 0;
        }
        if (x == min) {
            return 0.5 / total;
        }
        return (1 + (x - min) / (mean[0] - min) * (weight[0] / 2 - 1)) / total;
    }

    private double rightTailCdf(double x) {
        int last = mean.length - 1;
        if (max - mean[last] <= 0) {
            return 1;
        }
        if (x == max) {
            return 1 - 0.5 / total;
        }
        return 1 - (1 + (max - x) / (max - mean[last]) * (weight[last] / 2 - 1)) / total;
    }

    /** mean[it] < x < mean[it + 1]. */
    private double betweenCdf(int it, double x) {
        double left = mean[it];
        double right = mean[it + 1];
        if (pointMass[it] && pointMass[it + 1]) {
            return before[it + 1] / total;
        }
        double leftExcluded = pointMass[it] ? weight[it] / 2 : 0;
        double rightExcluded = pointMass[it + 1] ? weight[it + 1] / 2 : 0;
        double dw = (weight[it] + weight[it + 1]) / 2 - leftExcluded - rightExcluded;
        double base = center[it] + leftExcluded;
        return (base + dw * (x - left) / (right - left)) / total;
    }

    /** The value below which a share q of the weight lies, interpolated as t-digest does. */
    double quantile(double q) {
        return quantile(q, null);
    }

    /**
     * {@link #quantile} of each of the first {@code count} shares, which must not decrease: found in one pass over
     * the centroids instead of a binary search each (the Wasserstein integral reads some 3,000 of them).
     */
    double[] quantiles(double[] ascending, int count) {
        double[] result = new double[count];
        int[] segment = {0};
        for (int i = 0; i < count; i++) {
            result[i] = quantile(ascending[i], segment);
        }
        return result;
    }

    /** @param segment null, or where the previous (not larger) share's segment was found, and where this one's is left */
    private double quantile(double q, int[] segment) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("q should be in [0,1], got " + q);
        }
        int n = mean.length;
        if (n == 0) {
            return Double.NaN;
        }
        if (n == 1) {
            return mean[0];
        }
        double index = q * total;
        if (index < 1) {
            return min;
        }
        if (weight[0] > 1 && index < weight[0] / 2) {
            return min + (index - 1) / (weight[0] / 2 - 1) * (mean[0] - min);
        }
        if (index > total - 1) {
            return max;
        }
        if (weight[n - 1] > 1 && total - index <= weight[n - 1] / 2) {
            return max - (total - index - 1) / (weight[n - 1] / 2 - 1) * (max - mean[n - 1]);
        }
        int i = segment == null ? segmentOf(index) : segmentFrom(segment, index);
        double leftUnit = 0;
        if (pointMass[i]) {
            if (index - center[i] < weight[i] / 2) {
                return mean[i];
            }
            leftUnit = weight[i] / 2;
        }
        double rightUnit = 0;
        if (pointMass[i + 1]) {
            if (center[i + 1] - index <= weight[i + 1] / 2) {
                return mean[i + 1];
            }
            rightUnit = weight[i + 1] / 2;
        }
        double z1 = index - center[i] - leftUnit;
        double z2 = center[i + 1] - index - rightUnit;
        return weightedAverage(mean[i], z2, mean[i + 1], z1);
    }

    /**
     * Ranks (as shares of the weight, in [0, 1]) where the quantile function has a kink or a step: between two
     * consecutive knots it is linear, which lets an integral over p be exact.
     */
    double[] quantileKnots() {
        int n = mean.length;
        double[] knots = new double[4 * n + 6];
        int k = 0;
        knots[k++] = 0;
        knots[k++] = 1;
        if (n > 0) {
            knots[k++] = 1 / total;
            knots[k++] = 1 - 1 / total;
            knots[k++] = weight[0] / 2 / total;
            knots[k++] = 1 - weight[n - 1] / 2 / total;
        }
        for (int i = 0; i < n; i++) {
            knots[k++] = center[i] / total;
            if (pointMass[i]) {
                knots[k++] = before[i] / total;
                knots[k++] = (before[i] + weight[i]) / total;
            }
        }
        double[] result = Arrays.copyOf(knots, k);
        for (int i = 0; i < k; i++) {
            result[i] = Math.max(0, Math.min(1, result[i]));
        }
        return result;
    }

    /** The largest i < n - 1 with center[i] <= index (index lies between the first and the last center). */
    private int segmentOf(double index) {
        int lo = 0;
        int hi = mean.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (center[mid] <= index) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@link #segmentOf}, scanning up from the segment of a smaller index. */
    private int segmentFrom(int[] segment, double index) {
        int i = segment[0];
        while (i + 1 < mean.length - 1 && center[i + 1] <= index) {
            i++;
        }
        segment[0] = i;
        return i;
    }

    private int lowerBound(double x) {
        int lo = 0;
        int hi = mean.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (mean[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int upperBound(double x) {
        int lo = 0;
        int hi = mean.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (mean[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double weightedAverage(double x1, double w1, double x2, double w2) {
        double lo = Math.min(x1, x2);
        double hi = Math.max(x1, x2);
        double x = (x1 * w1 + x2 * w2) / (w1 + w2);
        return Math.max(lo, Math.min(x, hi));
    }
}
