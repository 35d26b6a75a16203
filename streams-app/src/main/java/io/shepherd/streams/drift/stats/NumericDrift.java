package io.shepherd.streams.drift.stats;

import java.util.Arrays;

/**
 * Compares the current window's {@link NumericSketch} of a feature with its reference sketch. Every distribution
 * score is computed from the two t-digests' compressed summaries ({@link NumericSketch#view}, which reads a copy and
 * leaves the live digests unchanged), so it is a function of the values the sketches saw, whenever they were
 * serialized, and costs well under a millisecond for compression 100.
 */
public final class NumericDrift {

    public static final int DEFAULT_PSI_BINS = 10;
    /** c(α) of the two-sample KS test at α = 0.05. */
    static final double KS_C_ALPHA = 1.358;
    /**
     * Rank error allowed for one digest's CDF: {@code RANK_ERROR_PER_COMPRESSION / compression}, 0.003 at compression
     * 100, so 0.006 is added to the KS critical value for two digests. Measured by DriftAccuracyBenchmark against the
     * exact ECDFs of 10^4 to 10^6 normal, log-normal, bimodal and Student-t(2) values: the largest CDF error of one
     * persisted digest is 0.0028 for the unimodal samples (at 10^4 values; 0.001 from 10^5 on), and up to 0.0096 in
     * the valley of the bimodal mixture, while |D(digests) - D(exact)| never exceeded 0.0032.
     */
    static final double RANK_ERROR_PER_COMPRESSION = 0.3;

    private NumericDrift() {
    }

    public static NumericScores compare(NumericSketch reference, NumericSketch current) {
        return compare(reference, current, DEFAULT_PSI_BINS);
    }

    /**
     * <ul>
     * <li><b>psi</b>: bins are cut at the reference digest's quantiles 1/k .. (k-1)/k, the first and last bins open
     * ((-inf, q1], ..., (q(k-1), +inf)); equal edges (discrete features) are merged, so fewer bins remain. Both sides'
     * shares come from their digest's CDF at the edges (a value equal to an edge falls in the bin the edge closes),
     * smoothed as {@link Proportions} says.</li>
     * <li><b>ks</b>: max |F_ref - F_cur| over the union of both digests' centroid means, mins and maxes (and just
     * below and above each, to catch steps): between those points both interpolated CDFs are linear, so this is the
     * exact maximum for the digests. <b>ks_critical</b> = 1.358·sqrt((n+m)/(n·m)) plus the two digests' rank-error
     * allowance ({@link #rankErrorAllowance}), so digest error alone cannot cross it. <b>ks_p</b> is the asymptotic
     * Kolmogorov p-value of max(0, D - allowance) at the effective size n·m/(n+m), which makes ks_p &lt; 0.05 exactly
     * when ks &gt; ks_critical.</li>
     * <li><b>wasserstein</b>: ∫|Q_ref(p) - Q_cur(p)| dp over [0, 1], divided by the reference standard deviation (by
     * 1 when that is 0, a constant reference). The p grid is every kink and step of both interpolated quantile
     * functions ({@link DigestView#quantileKnots}): between two of them both are linear, so the integral of the
     * digests' quantile functions is exact with no further points.</li>
     * <li><b>js</b>: Jensen-Shannon distance on the PSI bins.</li>
     * <li><b>out_of_range_rate</b>: current digest's share below the reference min plus above the reference max.</li>
     * <li><b>missing_rate</b>, <b>nan_rate</b>: missing and non-finite counts over all current records.</li>
     * </ul>
     *
     * @param psiBins number of PSI (and JS) bins, at least 2
     */
    public static NumericScores compare(NumericSketch reference, NumericSketch current, int psiBins) {
        if (psiBins < 2) {
            throw new IllegalArgumentException("PSI needs at least 2 bins, got " + psiBins);
        }
        double missingRate = rate(current.missingCount(), current.totalCount());
        double nanRate = rate(current.nonFiniteCount(), current.totalCount());
        if (reference.count() == 0 || current.count() == 0) {
            double nan = Double.NaN;
            return new NumericScores(nan, nan, nan, nan, nan, nan, nan, missingRate, nanRate);
        }
        DigestView ref = reference.view();
        DigestView cur = current.view();
        double[][] shares = binShares(ref, cur, psiBins);
        double ks = ks(ref, cur);
        double allowance = rankErrorAllowance(reference.compression()) + rankErrorAllowance(current.compression());
        double effectiveN = (double) reference.count() * current.count() / (reference.count() + current.count());
        double critical = KS_C_ALPHA / Math.sqrt(effectiveN) + allowance;
        double ksP = Kolmogorov.survival(Math.sqrt(effectiveN) * Math.max(0, ks - allowance));
        double wasserstein = wasserstein(ref, cur) / scale(reference.standardDeviation());
        return new NumericScores(Proportions.psi(shares[0], shares[1]), ks, critical, ksP, wasserstein,
                Proportions.jensenShannon(shares[0], shares[1]), outOfRange(reference, cur), missingRate, nanRate);
    }

    /** The CDF error allowed for one digest of this compression. */
    public static double rankErrorAllowance(double compression) {
        return RANK_ERROR_PER_COMPRESSION / compression;
    }

    /** Reference and current shares of the bins cut at the reference quantiles. */
    static double[][] binShares(DigestView ref, DigestView cur, int bins) {
        double[] edges = new double[bins - 1];
        int n = 0;
        for (int i = 1; i < bins; i++) {
            double edge = ref.quantile((double) i / bins);
            if (n == 0 || edge > edges[n - 1]) {
                edges[n++] = edge;
            }
        }
        double[] refCdf = new double[n];
        double[] curCdf = new double[n];
        for (int i = 0; i < n; i++) {
            refCdf[i] = ref.cdfAtOrBelow(edges[i]);
            curCdf[i] = cur.cdfAtOrBelow(edges[i]);
        }
        return new double[][] {Proportions.binShares(refCdf), Proportions.binShares(curCdf)};
    }

    static double ks(DigestView ref, DigestView cur) {
        double[] grid = ksGrid(ref, cur);
        // Every centroid mean, min and max, and just below and above each, ascending: both CDFs are then read in one
        // pass each. The maximum does not depend on the order it is taken in.
        double[] points = new double[3 * grid.length];
        for (int i = 0; i < grid.length; i++) {
            points[3 * i] = Math.nextDown(grid[i]);
            points[3 * i + 1] = grid[i];
            points[3 * i + 2] = Math.nextUp(grid[i]);
        }
        Arrays.sort(points);
        double[] a = ref.cdfs(points);
        double[] b = cur.cdfs(points);
        double d = 0;
        for (int i = 0; i < points.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double[] ksGrid(DigestView a, DigestView b) {
        double[] grid = new double[a.centroidCount() + b.centroidCount() + 4];
        int k = 0;
        for (int i = 0; i < a.centroidCount(); i++) {
            grid[k++] = a.mean(i);
        }
        for (int i = 0; i < b.centroidCount(); i++) {
            grid[k++] = b.mean(i);
        }
        grid[k++] = a.min();
        grid[k++] = a.max();
        grid[k++] = b.min();
        grid[k] = b.max();
        return grid;
    }

    /** ∫|Q_a(p) - Q_b(p)| dp, exact for two piecewise-linear quantile functions whose knots are on the grid. */
    static double wasserstein(DigestView a, DigestView b) {
        return wasserstein(a, b, 0);
    }

    /**
     * @param extraPoints cosine-spaced points (dense in the tails) added to the knots: they split linear pieces, so
     *                    they leave the integral as it is but for rounding (a test shows it with 1,024 of them)
     */
    static double wasserstein(DigestView a, DigestView b, int extraPoints) {
        double[] grid = pGrid(a, b, extraPoints);
        // Each interval is sampled strictly inside, at 1/4 and 3/4 of its width, then extrapolated to its ends: the
        // limits from inside, which is what a step at a knot needs. The samples ascend, so each quantile function is
        // read in one pass.
        double[] samples = new double[2 * grid.length];
        int count = 0;
        for (int i = 1; i < grid.length; i++) {
            double lo = grid[i - 1];
            double width = grid[i] - lo;
            if (width > 0) {
                samples[count++] = lo + width / 4;
                samples[count++] = lo + 3 * width / 4;
            }
        }
        double[] qa = a.quantiles(samples, count);
        double[] qb = b.quantiles(samples, count);
        double integral = 0;
        int k = 0;
        for (int i = 1; i < grid.length; i++) {
            double width = grid[i] - grid[i - 1];
            if (width > 0) {
                double g1 = qa[k] - qb[k];
                double g3 = qa[k + 1] - qb[k + 1];
                k += 2;
                integral += width * absLinearMean(1.5 * g1 - 0.5 * g3, 1.5 * g3 - 0.5 * g1);
            }
        }
        return integral;
    }

    /** Mean of |g| over an interval where g goes linearly from ga to gb. */
    private static double absLinearMean(double ga, double gb) {
        if (ga * gb >= 0) {
            return (Math.abs(ga) + Math.abs(gb)) / 2;
        }
        return (ga * ga + gb * gb) / (2 * (Math.abs(ga) + Math.abs(gb)));
    }

    private static double[] pGrid(DigestView a, DigestView b, int extraPoints) {
        double[] ka = a.quantileKnots();
        double[] kb = b.quantileKnots();
        double[] grid = new double[ka.length + kb.length + (extraPoints > 0 ? extraPoints + 1 : 0)];
        System.arraycopy(ka, 0, grid, 0, ka.length);
        System.arraycopy(kb, 0, grid, ka.length, kb.length);
        int k = ka.length + kb.length;
        for (int i = 0; extraPoints > 0 && i <= extraPoints; i++) {
            grid[k++] = (1 - Math.cos(Math.PI * i / extraPoints)) / 2;
        }
        Arrays.sort(grid);
        return grid;
    }

    private static double outOfRange(NumericSketch reference, DigestView cur) {
        double below = cur.min() < reference.min() ? cur.cdf(Math.nextDown(reference.min())) : 0;
        double above = cur.max() > reference.max() ? 1 - cur.cdfAtOrBelow(reference.max()) : 0;
        return Math.max(0, Math.min(1, below + above));
    }

    private static double scale(double standardDeviation) {
        return standardDeviation > 0 ? standardDeviation : 1;
    }

    static double rate(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
