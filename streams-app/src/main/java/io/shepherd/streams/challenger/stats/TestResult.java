package io.shepherd.streams.challenger.stats;

/**
 * One significance test of a challenger against its champion on one metric. The effect size is oriented so that a
 * positive effect means the challenger's values are larger; {@code higherIsBetter} says whether larger is good.
 *
 * @param test        which test: {@value ChallengerTests#TWO_PROPORTION_Z}, {@value ChallengerTests#CHI_SQUARE_2X2},
 *                    {@value ChallengerTests#WELCH_T} or {@value ChallengerTests#MANN_WHITNEY_U}
 * @param statistic   the test's statistic (z, chi-square, t or the challenger's U), 0 when the test could not run
 * @param pValue      two-sided, 1.0 when the test could not run (no data, no variance)
 */
public record TestResult(String metric, String test, double championValue, double challengerValue, long championN,
        long challengerN, double statistic, double pValue, double effectSize, boolean higherIsBetter) {

    /** Significant at alpha (p &lt;= alpha) and in the bad direction. */
    public boolean challengerWorse(double alpha) {
        return pValue <= alpha && (higherIsBetter ? effectSize < 0 : effectSize > 0);
    }

    /** Significant at alpha (p &lt;= alpha) and in the good direction. */
    public boolean challengerBetter(double alpha) {
        return pValue <= alpha && (higherIsBetter ? effectSize > 0 : effectSize < 0);
    }

    /** The smaller of the two sample sizes: what decides whether the test had data enough. */
    public long smallerN() {
        return Math.min(championN, challengerN);
    }
}
