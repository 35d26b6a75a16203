package io.shepherd.streams.drift.stats;

/**
 * Replaces a digest's extreme centroids with exact order statistics (see {@link Extremes}). Centroids of a merging
 * t-digest cover nearly consecutive runs of the sorted values, so the k smallest values stand for the first k units of
 * weight: the centroids they cover are dropped, and the next one loses the rest of that weight and absorbs the
 * difference between the dropped sum and the exact values' sum, so the total weight and the total sum are kept
 * (unless its new mean has to be clamped between its neighbours to keep the centroids in order).
 */
final class TailReplacement {

    private TailReplacement() {
    }

    /** @return {means, weights}: k singletons, the remaining centroids, k singletons */
    static double[][] apply(double[] mean, double[] weight, double[] lowest, double[] highest) {
        double[] m = mean.clone();
        double[] w = weight.clone();
        int first = takeLowest(m, w, lowest);
        int last = takeHighest(m, w, highest, first);
        int k = lowest.length;
        int middle = Math.max(0, last - first + 1);
        double[] means = new double[2 * k + middle];
        double[] weights = new double[means.length];
        for (int i = 0; i < k; i++) {
            means[i] = lowest[i];
            weights[i] = 1;
            means[means.length - 1 - i] = highest[i];
            weights[means.length - 1 - i] = 1;
        }
        System.arraycopy(m, first, means, k, middle);
        System.arraycopy(w, first, weights, k, middle);
        return new double[][] {means, weights};
    }

    /** Takes the lowest values out of the leftmost centroids; returns the first centroid left. */
    private static int takeLowest(double[] m, double[] w, double[] lowest) {
        int used = 0;
        int first = 0;
        double given = 0;
        while (used < lowest.length && first < m.length && w[first] <= lowest.length - used) {
            used += (int) w[first];
            given += w[first] * m[first];
            first++;
        }
        if (first < m.length) {
            int take = lowest.length - used;
            double upper = first + 1 < m.length ? m[first + 1] : Double.POSITIVE_INFINITY;
            double rest = (given + w[first] * m[first] - sum(lowest, 0, lowest.length)) / (w[first] - take);
            m[first] = clamp(rest, lowest[lowest.length - 1], upper);
            w[first] -= take;
        }
        return first;
    }

    /** Takes the highest values out of the rightmost centroids, not left of {@code first}; returns the last left. */
    private static int takeHighest(double[] m, double[] w, double[] highest, int first) {
        int used = 0;
        int last = m.length - 1;
        double given = 0;
        while (used < highest.length && last >= first && w[last] <= highest.length - used) {
            used += (int) w[last];
            given += w[last] * m[last];
            last--;
        }
        if (last >= first) {
            int take = highest.length - used;
            double lower = last - 1 >= first ? m[last - 1] : Double.NEGATIVE_INFINITY;
            double rest = (given + w[last] * m[last] - sum(highest, 0, highest.length)) / (w[last] - take);
            m[last] = clamp(rest, lower, highest[highest.length - 1]);
            w[last] -= take;
        }
        return last;
    }

    private static double sum(double[] values, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += values[i];
        }
        return sum;
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
