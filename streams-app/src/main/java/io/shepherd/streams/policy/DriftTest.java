package io.shepherd.streams.policy;

/**
 * The test a feature's drift must pass beside its size: its p-value against the reference (KS for numeric features,
 * chi-square for categorical ones) must be at most the share of the false-alarm budget that the window spends.
 *
 * @param falseAlarmBudget requests of an unchanged version per feature wrongly declared drifting, at least, on average,
 *                         over all its features and windows (10^6); 0 leaves the decision to the size alone
 */
public record DriftTest(double falseAlarmBudget) {

    public DriftTest {
        if (!(falseAlarmBudget == 0 || falseAlarmBudget > 1) || Double.isInfinite(falseAlarmBudget)) {
            throw new IllegalArgumentException("driftTest.falseAlarmBudget must be 0 (off) or a finite number of requests above 1, got "
                    + falseAlarmBudget);
        }
    }
}
