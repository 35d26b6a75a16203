package io.shepherd.streams.drift.stats;

import java.util.Arrays;

/**
 * The scores computed exactly from full samples, to check the digest-based ones against (tests and the accuracy
 * benchmark). Every method takes samples sorted ascending.
 */
public final class ExactScores {

    private ExactScores() {
    }

    public static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Two-sample KS statistic: the largest gap between the right-continuous ECDFs. */
    public static double ks(double[] x, double[] y) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /** ∫|Q_x(p) - Q_y(p)| dp of the two empirical quantile functions (samples of any sizes). */
    public static double w1(double[] x, double[] y) {
        double p = 0;
        double integral = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            double nextX = (double) (i + 1) / x.length;
            double nextY = (double) (j + 1) / y.length;
            double next = Math.min(nextX, nextY);
            integral += (next - p) * Math.abs(x[i] - y[j]);
            p = next;
            if (nextX <= next) {
                i++;
            }
            if (nextY <= next) {
                j++;
            }
        }
        return integral;
    }

    /** PSI on bins cut at the exact reference quantiles (equal edges merged), each share smoothed by epsilon. */
    public static double psi(double[] ref, double[] cur, int bins, double epsilon) {
        double[] edges = new double[bins - 1];
        int k = 0;
        for (int i = 1; i < bins; i++) {
            double edge = ref[(int) Math.ceil((double) i * ref.length / bins) - 1];
            if (k == 0 || edge > edges[k - 1]) {
                edges[k++] = edge;
            }
        }
        double[] r = shares(ref, Arrays.copyOf(edges, k));
        double[] c = shares(cur, Arrays.copyOf(edges, k));
        double psi = 0;
        double norm = 1 + r.length * epsilon;
        for (int i = 0; i < r.length; i++) {
            double rs = (r[i] + epsilon) / norm;
            double cs = (c[i] + epsilon) / norm;
            psi += (cs - rs) * Math.log(cs / rs);
        }
        return psi;
    }

    /** How many values are at or below x. */
    public static long atOrBelow(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] shares(double[] sorted, double[] edges) {
        double[] shares = new double[edges.length + 1];
        long previous = 0;
        for (int i = 0; i < edges.length; i++) {
            long atOrBelow = atOrBelow(sorted, edges[i]);
            shares[i] = (double) (atOrBelow - previous) / sorted.length;
            previous = atOrBelow;
        }
        shares[edges.length] = (double) (sorted.length - previous) / sorted.length;
        return shares;
    }
}
