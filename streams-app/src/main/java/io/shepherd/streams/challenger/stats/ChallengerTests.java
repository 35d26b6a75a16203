package io.shepherd.streams.challenger.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

import io.shepherd.streams.drift.stats.NumericSketch;

/**
 * Two-sided significance tests of a challenger against its champion, each giving a {@link TestResult} free of NaN: a
 * test without the data to run (an empty side, no variance) gives statistic 0 and p-value 1.0, so it can never decide.
 * Effect sizes are oriented challenger minus champion.
 */
public final class ChallengerTests {

    public static final String TWO_PROPORTION_Z = "two_proportion_z";
    public static final String CHI_SQUARE_2X2 = "chi_square_2x2";
    public static final String WELCH_T = "welch_t";
    public static final String MANN_WHITNEY_U = "mann_whitney_u";

    /** Only cumulative probabilities are used, so no random generator is needed. */
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ChallengerTests() {
    }

    /**
     * Pooled two-proportion z test: z = (p2 - p1) / sqrt(p(1 - p)(1/n1 + 1/n2)) with p the pooled proportion;
     * effect = challenger's proportion minus champion's.
     */
    public static TestResult twoProportionZ(String metric, long championSuccesses, long championN,
            long challengerSuccesses, long challengerN, boolean higherIsBetter) {
        Proportions p = Proportions.of(championSuccesses, championN, challengerSuccesses, challengerN);
        double pooled = (double) (championSuccesses + challengerSuccesses) / (championN + challengerN);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / championN + 1.0 / challengerN));
        if (p.degenerate() || !(se > 0)) {
            return p.untested(metric, TWO_PROPORTION_Z, higherIsBetter);
        }
        double z = p.difference() / se;
        return p.result(metric, TWO_PROPORTION_Z, z, twoSidedNormal(z), higherIsBetter);
    }

    /**
     * Pearson's chi-square test of the 2x2 table successes / failures by champion / challenger, without continuity
     * correction (Commons Math {@link ChiSquareTest}); its statistic is the square of {@link #twoProportionZ}'s z.
     */
    public static TestResult chiSquare2x2(String metric, long championSuccesses, long championN,
            long challengerSuccesses, long challengerN, boolean higherIsBetter) {
        Proportions p = Proportions.of(championSuccesses, championN, challengerSuccesses, challengerN);
        long successes = championSuccesses + challengerSuccesses;
        if (p.degenerate() || successes == 0 || successes == championN + challengerN) {
            return p.untested(metric, CHI_SQUARE_2X2, higherIsBetter);
        }
        long[][] table = {
            {championSuccesses, championN - championSuccesses},
            {challengerSuccesses, challengerN - challengerSuccesses},
        };
        ChiSquareTest test = new ChiSquareTest();
        return p.result(metric, CHI_SQUARE_2X2, test.chiSquare(table), test.chiSquareTest(table), higherIsBetter);
    }

    /**
     * Welch's t test of the means, with the Welch-Satterthwaite degrees of freedom; effect = challenger's mean minus
     * champion's. Needs two values on each side and a spread: two constant samples give p = 1 whatever their means.
     */
    public static TestResult welchT(String metric, RunningMoments champion, RunningMoments challenger,
            boolean higherIsBetter) {
        double difference = challenger.mean() - champion.mean();
        double a = champion.count() < 2 ? 0 : champion.variance() / champion.count();
        double b = challenger.count() < 2 ? 0 : challenger.variance() / challenger.count();
        double se = Math.sqrt(a + b);
        if (champion.count() < 2 || challenger.count() < 2 || !(se > 0)) {
            return new TestResult(metric, WELCH_T, champion.mean(), challenger.mean(), champion.count(),
                    challenger.count(), 0, 1.0, difference, higherIsBetter);
        }
        double t = difference / se;
        double df = (a + b) * (a + b) / (a * a / (champion.count() - 1) + b * b / (challenger.count() - 1));
        double p = 2 * new TDistribution(null, df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).cumulativeProbability(-Math.abs(t));
        return new TestResult(metric, WELCH_T, champion.mean(), challenger.mean(), champion.count(), challenger.count(),
                t, Math.min(1, p), difference, higherIsBetter);
    }

    /**
     * Mann-Whitney U from two digests: U of the challenger = n1·n2·P(challenger &gt; champion) + ½ ties, estimated by
     * {@link Superiority}; normal approximation with mean n1·n2/2 and the no-ties variance n1·n2·(n1 + n2 + 1)/12
     * (ties make the test slightly conservative). The statistic is the challenger's U, the values are the medians,
     * the effect the rank-biserial correlation 2U/(n1·n2) - 1 (positive: the challenger's values are larger).
     */
    public static TestResult mannWhitneyU(String metric, NumericSketch champion, NumericSketch challenger,
            boolean higherIsBetter) {
        long n1 = champion.count();
        long n2 = challenger.count();
        if (n1 == 0 || n2 == 0) {
            return new TestResult(metric, MANN_WHITNEY_U, n1 == 0 ? 0 : champion.quantile(0.5),
                    n2 == 0 ? 0 : challenger.quantile(0.5), n1, n2, 0, 1.0, 0, higherIsBetter);
        }
        double pairs = (double) n1 * n2;
        double u = Superiority.of(champion, challenger) * pairs;
        double z = (u - pairs / 2) / Math.sqrt(pairs * (n1 + n2 + 1) / 12);
        return new TestResult(metric, MANN_WHITNEY_U, champion.quantile(0.5), challenger.quantile(0.5), n1, n2, u,
                twoSidedNormal(z), 2 * u / pairs - 1, higherIsBetter);
    }

    static double twoSidedNormal(double z) {
        return Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** The two proportions of a 2x2 comparison, checked. */
    private record Proportions(long s1, long n1, long s2, long n2) {

        static Proportions of(long s1, long n1, long s2, long n2) {
            if (s1 < 0 || s2 < 0 || s1 > n1 || s2 > n2) {
                throw new IllegalArgumentException("successes must be in [0, n], got champion " + s1 + "/" + n1
                        + ", challenger " + s2 + "/" + n2);
            }
            return new Proportions(s1, n1, s2, n2);
        }

        boolean degenerate() {
            return n1 == 0 || n2 == 0;
        }

        double champion() {
            return n1 == 0 ? 0 : (double) s1 / n1;
        }

        double challenger() {
            return n2 == 0 ? 0 : (double) s2 / n2;
        }

        double difference() {
            return degenerate() ? 0 : challenger() - champion();
        }

        TestResult result(String metric, String test, double statistic, double p, boolean higherIsBetter) {
            return new TestResult(metric, test, champion(), challenger(), n1, n2, statistic, Math.min(1, p),
                    difference(), higherIsBetter);
        }

        TestResult untested(String metric, String test, boolean higherIsBetter) {
            return result(metric, test, 0, 1.0, higherIsBetter);
        }
    }
}
