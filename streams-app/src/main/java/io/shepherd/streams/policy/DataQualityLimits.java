package io.shepherd.streams.policy;

/**
 * How much worse than in the reference a feature's data may get in a window before a DATA_QUALITY signal (WARNING)
 * is raised. Each limit is a jump: the window's rate minus the reference's rate, in (0, 1].
 *
 * @param missingRate    share of events without the feature (0.1)
 * @param nanRate        share of NaN or infinite numeric values (0.01)
 * @param outOfRangeRate share of numeric values outside the reference's [min, max] (0.05)
 * @param unseenRate     share of categorical values never seen in the reference (0.05); 0 in the reference by
 *                       definition
 */
public record DataQualityLimits(double missingRate, double nanRate, double outOfRangeRate, double unseenRate) {

    public DataQualityLimits {
        Checks.fraction("dataQuality.missingRate", missingRate);
        Checks.fraction("dataQuality.nanRate", nanRate);
        Checks.fraction("dataQuality.outOfRangeRate", outOfRangeRate);
        Checks.fraction("dataQuality.unseenRate", unseenRate);
    }
}
