package io.shepherd.streams.policy;

import java.time.Duration;

/**
 * When a performance drop against the version's baseline escalates, and how labels are waited for. A drop is relative:
 * {@code (baseline - current) / baseline} for metrics where higher is better, {@code (current - baseline) / baseline}
 * for error metrics; strictly above a limit escalates, and only when the window's confidence interval excludes the
 * baseline, so a small window cannot escalate by chance.
 *
 * @param criticalDrop      drop above which the version is CRITICAL (0.05)
 * @param emergencyDrop     drop above which it is EMERGENCY (0.15); greater than {@code criticalDrop}
 * @param allowAutoRollback whether EMERGENCY may request an automatic rollback (true); false pages only
 * @param labelDelay        how long a prediction waits for its label before it counts as expired unlabelled (P7D)
 * @param minLabels         labels a window needs before its performance is judged (100)
 * @param minLabelCoverage  share of a window's predictions that must be labelled before the window votes in the
 *                          escalation, unless its label delay has passed (0.5)
 * @param confidence        confidence level of the metric intervals (0.95)
 * @param decidingMetric    the metric compared with the baseline; null means accuracy for classifiers and mae for
 *                          regressors
 * @param estimatedDrop     drop of the label-free expected accuracy that raises a WARNING before labels arrive (0.05)
 * @param falseAlarmBudget  for the sequential decision on a classifier's accuracy: labelled predictions of an unchanged
 *                          model per false rise, at least, on average (10^6); 0 leaves the decision to whole windows
 * @param baselineFollows   whether that decision's baseline takes in the version's own labels once they are ten windows
 *                          old, while the level is NONE (true); false keeps the reference window alone
 */
public record PerformanceLimits(double criticalDrop, double emergencyDrop, boolean allowAutoRollback,
                                Duration labelDelay, int minLabels, double minLabelCoverage, double confidence,
                                String decidingMetric, double estimatedDrop, double falseAlarmBudget,
                                boolean baselineFollows) {

    public PerformanceLimits {
        Checks.fraction("performance.criticalDrop", criticalDrop);
        Checks.fraction("performance.emergencyDrop", emergencyDrop);
        if (emergencyDrop <= criticalDrop) {
            throw new IllegalArgumentException("performance.emergencyDrop (" + emergencyDrop
                    + ") must be greater than performance.criticalDrop (" + criticalDrop + ")");
        }
        Checks.positive("performance.labelDelay", labelDelay);
        Checks.atLeast("performance.minLabels", minLabels, 1);
        Checks.fraction("performance.minLabelCoverage", minLabelCoverage);
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("performance.confidence must be in (0.5, 1), got " + confidence);
        }
        if (decidingMetric != null && decidingMetric.isBlank()) {
            throw new IllegalArgumentException("performance.decidingMetric must be a metric name or null");
        }
        Checks.fraction("performance.estimatedDrop", estimatedDrop);
        if (!(falseAlarmBudget == 0 || falseAlarmBudget > 1) || Double.isInfinite(falseAlarmBudget)) {
            throw new IllegalArgumentException("performance.falseAlarmBudget must be 0 (off) or a finite number of predictions above 1, got "
                    + falseAlarmBudget);
        }
    }

    /** The budget of the product's escalation policy: one false rise per million labelled predictions of a version. */
    public static final double DEFAULT_FALSE_ALARM_BUDGET = 1e6;

    /** The limits of the product's escalation policy with every other setting at its default. */
    public static PerformanceLimits of(double criticalDrop, double emergencyDrop, boolean allowAutoRollback) {
        return new PerformanceLimits(criticalDrop, emergencyDrop, allowAutoRollback, Duration.ofDays(7), 100, 0.5, 0.95,
                null, 0.05, DEFAULT_FALSE_ALARM_BUDGET, true);
    }
}
