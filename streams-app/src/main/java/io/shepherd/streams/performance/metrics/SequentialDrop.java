package io.shepherd.streams.performance.metrics;

import java.util.Arrays;

/**
 * A sequential, anytime-valid detector of a performance drop beyond a relative limit, fed one labelled prediction at a
 * time as its loss: a Shiryaev-Roberts e-detector (Shin, Ramdas and Rinaldo, "E-detectors: a nonparametric framework for
 * sequential change detection", 2022) mixed over several bets.
 *
 * <p>The null hypothesis is that the mean loss of a prediction is at most {@code m}. For a classifier the loss is 1
 * for a wrong prediction and 0 for a right one, and {@code m = 1 - (1 - drop) L}, where {@code L} is a lower confidence
 * bound of the baseline's accuracy (Wilson, one-sided at {@code baselineRisk}); for a regressor the loss is the
 * absolute error and {@code m = (1 + rise) U}, {@code U} an upper confidence bound of the baseline's mean absolute
 * error. So the baseline's own sampling error is part of the test, and a lucky baseline does not make an unchanged
 * model look worse. For a bet {@code lambda} in (0, 1), the factor {@code E = 1 + lambda (loss / m - 1)} of one
 * prediction is nonnegative (the loss is) and has expectation at most 1 under the null (testing by betting,
 * Waudby-Smith and Ramdas); for a 0/1 loss it is the likelihood ratio of an accuracy {@code lambda} below the null's.
 * The Shiryaev-Roberts statistic {@code R_t = E_t (R_(t-1) + 1)}, one per bet, starts a test at every prediction; their
 * mean is still an e-detector, so with the alarm at {@code R >= threshold} the mean number of predictions before a
 * false alarm is at least {@code threshold} (Ville's inequality through the supermartingale R_t - t), however often the
 * statistic is looked at. A threshold of 10^6 is a budget of one false alarm per million predictions of an unchanged
 * model.
 *
 * <p>Not thread-safe; one per model version and limit.
 */
public final class SequentialDrop {

    /**
     * The bets: for a 0/1 loss, alternatives as relative drops below the null's accuracy. A small drop is found late, a
     * large one early.
     */
    private static final double[] ALTERNATIVES = {0.05, 0.1, 0.2, 0.35, 0.5, 0.75};
    private static final int SPAN_ALTERNATIVE = 2;

    private final double drop;
    /** m: the mean loss at or below which the model counts as unchanged. */
    private double nullLoss;
    private final double threshold;
    /** R per bet, kept as is, not in logs (see {@link #observe(double)}). */
    private final double[] statistic;
    private long observed;
    /** The statistic when the last alarm was raised, before the detector started over; NaN before any. */
    private double alarmStatistic = Double.NaN;

    private SequentialDrop(double drop, double nullLoss, double threshold) {
        if (!(threshold > 1)) {
            throw new IllegalArgumentException("the alarm threshold must exceed 1, got " + threshold);
        }
        this.drop = drop;
        this.threshold = threshold;
        this.statistic = new double[ALTERNATIVES.length];
        setNull(nullLoss);
        reset();
    }

    private void setNull(double loss) {
        if (!(loss > 0 && Double.isFinite(loss))) {
            throw new IllegalArgumentException("the null mean loss must be positive and finite, got " + loss);
        }
        this.nullLoss = loss;
    }

    /** The e-value of one prediction's loss for bet k. */
    private double factor(int k, double loss) {
        return 1 + ALTERNATIVES[k] * (loss / nullLoss - 1);
    }

    private static double accuracyToLoss(double accuracy) {
        if (!(accuracy > 0 && accuracy < 1)) {
            throw new IllegalArgumentException("the null accuracy must be in (0, 1), got " + accuracy);
        }
        return 1 - accuracy;
    }

    private static double lowerBound(long right, long labelled, double risk) {
        if (labelled <= 0 || right < 0 || right > labelled) {
            throw new IllegalArgumentException("a baseline needs 0 <= right <= labelled and labelled > 0, got " + right + " of " + labelled);
        }
        if (!(risk > 0 && risk < 0.5)) {
            throw new IllegalArgumentException("the baseline risk must be in (0, 0.5), got " + risk);
        }
        return Intervals.wilson("baseline", right, labelled, 1 - 2 * risk).lower();
    }

    /**
     * The baseline's risk for its k-th bound (k = 1, 2, ...) when it is bounded again as it grows: risk 6 / (pi^2 k^2),
     * whose sum over all k is {@code risk}, so every bound holds at once with probability at least 1 - risk.
     */
    public static double riskOfBound(double risk, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("bounds are numbered from 1, got " + k);
        }
        return risk * 6 / (Math.PI * Math.PI * k * k);
    }

    /**
     * @param baselineRight     right predictions among the baseline's
     * @param baselineLabelled  labelled predictions of the baseline
     * @param drop              the relative drop to detect, 0.05 for "more than 5 % below the baseline"
     * @param baselineRisk      the probability that the baseline's lower bound is above its true accuracy (one-sided)
     * @param threshold         the alarm threshold: the mean number of predictions between false alarms is at least this
     */
    public static SequentialDrop against(long baselineRight, long baselineLabelled, double drop, double baselineRisk, double threshold) {
        if (!(drop > 0 && drop < 1)) {
            throw new IllegalArgumentException("the drop must be in (0, 1), got " + drop);
        }
        return new SequentialDrop(drop, accuracyToLoss((1 - drop) * lowerBound(baselineRight, baselineLabelled, baselineRisk)), threshold);
    }

    /** A detector against a known null accuracy q, without a baseline's sampling error. */
    public static SequentialDrop withNullAccuracy(double nullAccuracy, double threshold) {
        return new SequentialDrop(Double.NaN, accuracyToLoss(nullAccuracy), threshold);
    }

    /**
     * A detector of a rise of a nonnegative loss (a regressor's absolute error) past {@code (1 + rise)} times a bound of
     * the baseline's mean loss: an upper confidence bound of it, or a declared value taken as exact.
     */
    public static SequentialDrop againstLossBound(double baselineLossBound, double rise, double threshold) {
        if (!(rise > 0 && Double.isFinite(rise))) {
            throw new IllegalArgumentException("the rise must be positive, got " + rise);
        }
        return new SequentialDrop(rise, (1 + rise) * baselineLossBound, threshold);
    }

    /**
     * Moves the null to a larger baseline's lower bound, keeping the evidence gathered so far: each prediction's
     * e-value was computed against the null of its time, fixed before it was seen, so the statistic stays an
     * e-detector as long as every null used holds (which the risks of {@link #riskOfBound} see to).
     */
    public void rebase(long baselineRight, long baselineLabelled, double baselineRisk) {
        if (Double.isNaN(drop)) {
            throw new IllegalStateException("a detector with a fixed null accuracy has no baseline to move");
        }
        setNull(accuracyToLoss((1 - drop) * lowerBound(baselineRight, baselineLabelled, baselineRisk)));
    }

    /** {@link #rebase} for a loss: the null moves to {@code (1 + rise)} times a larger baseline's bound. */
    public void rebaseLossBound(double baselineLossBound) {
        setNull((1 + drop) * baselineLossBound);
    }

    /**
     * A detector as it was saved: its drop or rise (NaN for a fixed null), null mean loss, threshold and the
     * log-statistics of {@link #logStatistics()}.
     */
    public static SequentialDrop restore(double drop, double nullLoss, double threshold, double[] logStatistics) {
        SequentialDrop restored = new SequentialDrop(drop, nullLoss, threshold);
        if (logStatistics.length != ALTERNATIVES.length) {
            throw new IllegalArgumentException("a saved detector has " + ALTERNATIVES.length + " log-statistics, got " + logStatistics.length);
        }
        for (int k = 0; k < ALTERNATIVES.length; k++) {
            restored.statistic[k] = Math.exp(logStatistics[k]);
        }
        return restored;
    }

    /** The log of each alternative's Shiryaev-Roberts statistic, for saving; negative infinity is 0. */
    public double[] logStatistics() {
        double[] logs = new double[statistic.length];
        for (int k = 0; k < statistic.length; k++) {
            logs[k] = Math.log(statistic[k]);
        }
        return logs;
    }

    /** The relative drop (or rise of a loss) this detector looks for past the baseline's bound; NaN for a fixed null. */
    public double drop() {
        return drop;
    }

    public double threshold() {
        return threshold;
    }

    /** For a 0/1 loss, the accuracy at or above which the model counts as unchanged: (1 - drop) times the baseline's bound. */
    public double nullAccuracy() {
        return 1 - nullLoss;
    }

    /** The mean loss at or below which the model counts as unchanged. */
    public double nullLoss() {
        return nullLoss;
    }

    /**
     * Adds one labelled prediction of a classifier: a loss of 0 when it was right, 1 when not.
     *
     * @return true when the evidence of a drop reaches the threshold; the detector then starts over
     */
    public boolean observe(boolean right) {
        return observe(right ? 0.0 : 1.0);
    }

    /**
     * Adds one labelled prediction's loss (nonnegative: a regressor's absolute error).
     *
     * @return true when the evidence of a rise reaches the threshold; the detector then starts over
     */
    public boolean observe(double loss) {
        if (!(loss >= 0 && Double.isFinite(loss))) {
            throw new IllegalArgumentException("a loss must be finite and nonnegative, got " + loss);
        }
        observed++;
        double mixture = 0;
        for (int k = 0; k < statistic.length; k++) {
            // R stays below the threshold times the largest e-value (an alarm resets it), so it cannot overflow, and
            // a statistic that underflows to 0 is one no evidence is left of: no logarithms needed.
            statistic[k] = factor(k, loss) * (statistic[k] + 1);
            mixture += statistic[k];
        }
        if (mixture / statistic.length >= threshold) {
            alarmStatistic = mixture / statistic.length;
            reset();
            return true;
        }
        return false;
    }

    /** The mixture statistic now: the mean over the alternatives of their Shiryaev-Roberts statistics. */
    public double statistic() {
        double mixture = 0;
        for (double r : statistic) {
            mixture += r;
        }
        return mixture / statistic.length;
    }

    /**
     * The log e-value one prediction's loss would have for the bet {@code SPAN_ALTERNATIVE} (for a 0/1 loss, an accuracy
     * 20 % below the null's): what a CUSUM over it adds, for an estimate of where a change began.
     */
    public double logEvidence(double loss) {
        return Math.log(factor(SPAN_ALTERNATIVE, loss));
    }

    /** The statistic that raised the last alarm (the detector has started over since); NaN before any alarm. */
    public double alarmStatistic() {
        return alarmStatistic;
    }

    public long observed() {
        return observed;
    }

    public void reset() {
        Arrays.fill(statistic, 0);
    }
}
