package io.shepherd.streams.policy;

/**
 * When a performance drop against the version's baseline escalates. A drop is relative:
 * {@code (baseline - current) / baseline} for metrics where higher is better, {@code (current - baseline) / baseline}
 * for error metrics; strictly above a limit escalates.
 *
 * @param criticalDrop      drop above which the version is CRITICAL (0.05)
 * @param emergencyDrop     drop above which it is EMERGENCY (0.15); greater than {@code criticalDrop}
 * @param allowAutoRollback whether EMERGENCY may request an automatic rollback (true); false pages only
 */
public record PerformanceLimits(double criticalDrop, double emergencyDrop, boolean allowAutoRollback) {

    public PerformanceLimits {
        Checks.fraction("performance.criticalDrop", criticalDrop);
        Checks.fraction("performance.emergencyDrop", emergencyDrop);
        if (emergencyDrop <= criticalDrop) {
            throw new IllegalArgumentException("performance.emergencyDrop (" + emergencyDrop
                    + ") must be greater than performance.criticalDrop (" + criticalDrop + ")");
        }
    }
}
