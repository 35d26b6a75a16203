package io.shepherd.streams.challenger.stats;

import java.util.Arrays;

/** The Mann-Whitney U computed exactly from two full samples, ties by mid-ranks: the reference for the digests. */
final class ExactRanks {

    private ExactRanks() {
    }

    /** U of y: the number of pairs with y &gt; x, ties counting half. */
    static double u(double[] x, double[] y) {
        double[] xs = x.clone();
        Arrays.sort(xs);
        double u = 0;
        for (double v : y) {
            int below = lowerBound(xs, v);
            int atOrBelow = upperBound(xs, v);
            u += below + (atOrBelow - below) / 2.0;
        }
        return u;
    }

    private static int lowerBound(double[] sorted, double v) {
        int i = Arrays.binarySearch(sorted, Math.nextDown(v));
        int k = i >= 0 ? i : -i - 1;
        while (k < sorted.length && sorted[k] < v) {
            k++;
        }
        while (k > 0 && sorted[k - 1] >= v) {
            k--;
        }
        return k;
    }

    private static int upperBound(double[] sorted, double v) {
        int k = lowerBound(sorted, v);
        while (k < sorted.length && sorted[k] == v) {
            k++;
        }
        return k;
    }
}
