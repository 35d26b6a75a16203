package io.shepherd.streams.drift.stats;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Corrections for testing many features of a model at once. A NaN p-value is a test that was not run: it is never
 * rejected and does not count among the hypotheses.
 */
public final class MultipleTesting {

    private MultipleTesting() {
    }

    /**
     * Benjamini-Hochberg step-up at false discovery rate q: with the m p-values sorted, find the largest rank k whose
     * p-value is at most k·q/m and reject every hypothesis whose p-value is at most that one (so ties are rejected
     * together).
     */
    public static boolean[] benjaminiHochberg(double[] pValues, double q) {
        checkLevel(q, "q");
        Integer[] order = testedInOrder(pValues);
        int m = order.length;
        double threshold = -1;
        for (int rank = m; rank >= 1; rank--) {
            double p = pValues[order[rank - 1]];
            if (p <= (double) rank * q / m) {
                threshold = p;
                break;
            }
        }
        boolean[] rejected = new boolean[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            rejected[i] = !Double.isNaN(pValues[i]) && pValues[i] <= threshold;
        }
        return rejected;
    }

    /** Bonferroni at family-wise level alpha: reject p &lt;= alpha / m. */
    public static boolean[] bonferroni(double[] pValues, double alpha) {
        checkLevel(alpha, "alpha");
        int m = testedInOrder(pValues).length;
        boolean[] rejected = new boolean[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            rejected[i] = !Double.isNaN(pValues[i]) && pValues[i] <= alpha / m;
        }
        return rejected;
    }

    /** Indexes of the non-NaN p-values, by increasing p-value. */
    private static Integer[] testedInOrder(double[] pValues) {
        for (double p : pValues) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("p-values must be in [0, 1] or NaN, got " + p);
            }
        }
        return IntStream.range(0, pValues.length)
                .filter(i -> !Double.isNaN(pValues[i]))
                .boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i]))
                .toArray(Integer[]::new);
    }

    private static void checkLevel(double level, String name) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + level);
        }
    }
}
