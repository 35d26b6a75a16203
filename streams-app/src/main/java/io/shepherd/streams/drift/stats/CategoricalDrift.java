package io.shepherd.streams.drift.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/** Compares the current window's {@link CategorySketch} of a feature with its reference sketch. */
public final class CategoricalDrift {

    private CategoricalDrift() {
    }

    /**
     * Scores over the union of both sides' categories (the {@value CategorySketch#OTHER} bucket is one category).
     *
     * <p>When the reference overflowed its category limit, a current category it does not name may be hiding in its
     * {@value CategorySketch#OTHER} bucket, so such categories are folded into that bucket and do not count as unseen:
     * unseen_rate is then a lower bound. {@value CategorySketch#OTHER} itself never counts as unseen.
     *
     * <p>chi2 is Pearson's two-sample chi-square test of homogeneity of the reference and current counts (Commons
     * Math {@link ChiSquareTest#chiSquareDataSetsComparison}, k - 1 degrees of freedom), not a goodness-of-fit test
     * of the current counts against the reference proportions taken as exact: the reference is itself a sample, often
     * no bigger than the current window, and treating its proportions as exact about doubles the statistic under no
     * drift (equal sizes), so chi2_p would fall below 0.01 far more often than 1 % of the time. The two forms agree
     * when the reference is much larger than the window. Expected counts come from the pooled counts, so a category
     * absent from the reference still has a positive expectation and needs no smoothing; it adds a large, finite
     * term. With under 2 categories there is nothing to test: chi2 = 0, chi2_p = 1.
     */
    public static CategoricalScores compare(CategorySketch reference, CategorySketch current) {
        double missingRate = NumericDrift.rate(current.missingCount(), current.totalCount());
        if (reference.count() == 0 || current.count() == 0) {
            double nan = Double.NaN;
            return new CategoricalScores(nan, nan, nan, nan, nan, nan, missingRate);
        }
        Map<String, Long> ref = reference.counts();
        Map<String, Long> cur = alignedCurrent(ref, current);
        TreeSet<String> union = new TreeSet<>();
        ref.forEach((category, n) -> addIfCounted(union, category, n));
        cur.forEach((category, n) -> addIfCounted(union, category, n));
        int k = union.size();
        double[] r = new double[k];
        double[] c = new double[k];
        long[] refCounts = new long[k];
        long[] curCounts = new long[k];
        long unseen = 0;
        int i = 0;
        for (String category : union) {
            refCounts[i] = ref.getOrDefault(category, 0L);
            curCounts[i] = cur.getOrDefault(category, 0L);
            r[i] = (double) refCounts[i] / reference.count();
            c[i] = (double) curCounts[i] / current.count();
            if (refCounts[i] == 0 && !CategorySketch.OTHER.equals(category)) {
                unseen += curCounts[i];
            }
            i++;
        }
        double[] chi2 = chiSquare(refCounts, curCounts);
        return new CategoricalScores(Proportions.psi(r, c), Proportions.jensenShannon(r, c), chi2[0], chi2[1],
                Proportions.lInfinity(r, c), (double) unseen / current.count(), missingRate);
    }

    /** Current counts, with categories the overflowed reference does not name folded into its other bucket. */
    private static Map<String, Long> alignedCurrent(Map<String, Long> ref, CategorySketch current) {
        Map<String, Long> cur = current.counts();
        if (!ref.containsKey(CategorySketch.OTHER)) {
            return cur;
        }
        Map<String, Long> aligned = new TreeMap<>();
        cur.forEach((category, n) -> aligned.merge(ref.containsKey(category) ? category : CategorySketch.OTHER, n, Long::sum));
        return aligned;
    }

    private static void addIfCounted(TreeSet<String> union, String category, long n) {
        if (n > 0) {
            union.add(category);
        }
    }

    /** {chi2, p} of the homogeneity of two count vectors, none of whose entries is 0 on both sides. */
    private static double[] chiSquare(long[] reference, long[] current) {
        if (reference.length < 2) {
            return new double[] {0, 1};
        }
        ChiSquareTest test = new ChiSquareTest();
        return new double[] {test.chiSquareDataSetsComparison(reference, current),
                test.chiSquareTestDataSetsComparison(reference, current)};
    }
}
