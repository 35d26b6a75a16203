package io.shepherd.streams.performance.metrics;

/**
 * A window's performance against its baseline.
 *
 * @param relativeDrop the drop that decides: from the confidence bound most favourable to the model, so that a small
 *                     window, whose interval is wide, cannot escalate by chance; negative when that bound is better
 *                     than the baseline
 * @param pointDrop    the drop of the point estimate, for dashboards
 */
public record BaselineJudgement(double relativeDrop, Verdict verdict, double pointDrop) {

    public enum Verdict { OK, CRITICAL_DROP, EMERGENCY_DROP, INSUFFICIENT_DATA }

    /** Rounding a drop may carry: (1 - 0.95) / 1 is 0.05000000000000004, which is a drop of 5 %, not more. */
    static final double ROUNDING = 1e-12;

    /** A judgement whose point estimate drops as much as its bound. */
    public BaselineJudgement(double relativeDrop, Verdict verdict) {
        this(relativeDrop, verdict, relativeDrop);
    }

    /**
     * Relative drop = (baseline - x) / baseline when higher is better, (x - baseline) / baseline otherwise, x the
     * deciding metric's confidence bound nearest the baseline when the metric is worse (its upper bound when higher
     * is better, its lower bound otherwise; the value itself without an interval). EMERGENCY_DROP when that drop is
     * strictly above {@code emergencyDrop}, CRITICAL_DROP when strictly above {@code criticalDrop} (both beyond
     * {@link #ROUNDING}), OK otherwise;
     * INSUFFICIENT_DATA below {@code minLabels} labelled predictions, with the drops still computed.
     *
     * @param baseline      the metric's baseline value, finite and &gt; 0 (a relative drop from 0 means nothing)
     * @param criticalDrop  e.g. 0.05 for the 5 % of the default policy
     * @param emergencyDrop e.g. 0.15, at least {@code criticalDrop}
     */
    public static BaselineJudgement judge(Metric deciding, double baseline, long labelled, long minLabels,
            double criticalDrop, double emergencyDrop) {
        if (!(baseline > 0) || Double.isInfinite(baseline)) {
            throw new IllegalArgumentException("baseline of " + deciding.name() + " must be finite and > 0, got "
                    + baseline);
        }
        if (!(criticalDrop >= 0 && emergencyDrop >= criticalDrop)) {
            throw new IllegalArgumentException("drops must satisfy 0 <= critical <= emergency, got " + criticalDrop
                    + " and " + emergencyDrop);
        }
        double drop = drop(deciding.favourableBound(), baseline, deciding.higherIsBetter());
        double pointDrop = drop(deciding.value(), baseline, deciding.higherIsBetter());
        return new BaselineJudgement(drop, verdict(drop, labelled, minLabels, criticalDrop, emergencyDrop), pointDrop);
    }

    private static double drop(double x, double baseline, boolean higherIsBetter) {
        return higherIsBetter ? (baseline - x) / baseline : (x - baseline) / baseline;
    }

    private static Verdict verdict(double drop, long labelled, long minLabels, double criticalDrop,
            double emergencyDrop) {
        if (labelled < minLabels) {
            return Verdict.INSUFFICIENT_DATA;
        }
        if (drop > emergencyDrop + ROUNDING) {
            return Verdict.EMERGENCY_DROP;
        }
        return drop > criticalDrop + ROUNDING ? Verdict.CRITICAL_DROP : Verdict.OK;
    }
}
