package io.shepherd.streams.drift;

import java.util.Map;

import io.shepherd.streams.health.Hysteresis;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.ReferenceSpec;
import io.shepherd.streams.window.WindowGrid;

/**
 * What the drift engine needs of a model's policy, in one immutable value: windows, sample sizes, sketch sizes, which
 * score decides and its threshold, multiple-testing control, the drift test's budget, feature importance, data-quality
 * limits and hysteresis.
 */
public record DriftSettings(
        WindowGrid grid,
        long minSamples,
        double compression,
        int maxCategories,
        int psiBins,
        String numericScore,
        double numericThreshold,
        String categoricalScore,
        double categoricalThreshold,
        double embeddingThreshold,
        String correction,
        double falseDiscoveryRate,
        double driftFalseAlarmBudget,
        Map<String, Double> importance,
        double driftShare,
        double criticalImportance,
        double missingRateJump,
        double nanRateLimit,
        double outOfRangeJump,
        double unseenRateLimit,
        boolean driftCanReachCritical,
        Hysteresis hysteresis,
        ReferenceState.Kind referenceKind,
        long referenceEvents,
        long referenceDurationMs,
        long referenceRangeStart,
        long referenceRangeEnd) {

    public DriftSettings {
        importance = Map.copyOf(importance);
    }

    /** The drift engine's view of a model's policy. */
    public static DriftSettings of(ModelPolicy policy) {
        ReferenceSpec reference = policy.reference();
        return new DriftSettings(
                new WindowGrid(policy.windowSize().toMillis(), policy.windowAdvance().toMillis(), policy.gracePeriod().toMillis()),
                policy.minSamples(),
                policy.tdigestCompression(),
                policy.maxCategories(),
                policy.psiBins(),
                policy.numeric().decidingScore(),
                policy.numeric().threshold().orElse(Double.NaN),
                policy.categorical().decidingScore(),
                policy.categorical().threshold().orElse(policy.multipleTesting().level()),
                policy.embeddingCentroidCosine(),
                policy.multipleTesting().method(),
                policy.multipleTesting().level(),
                policy.driftTest().falseAlarmBudget(),
                policy.featureImportance(),
                policy.driftShare(),
                policy.criticalImportance(),
                policy.dataQuality().missingRate(),
                policy.dataQuality().nanRate(),
                policy.dataQuality().outOfRangeRate(),
                policy.dataQuality().unseenRate(),
                policy.driftCanReachCritical(),
                policy.hysteresis(),
                ReferenceState.Kind.valueOf(reference.kind().name()),
                reference.events() == null ? policy.minSamples() : reference.events(),
                reference.duration() == null ? policy.windowSize().toMillis() : reference.duration().toMillis(),
                reference.rangeStart() == null ? 0 : reference.rangeStart().toEpochMilli(),
                reference.rangeEnd() == null ? 0 : reference.rangeEnd().toEpochMilli());
    }

    public double importanceOf(String feature) {
        return importance.getOrDefault(feature, 1.0);
    }

    /** Whether the numeric deciding score is a test with a p-value (so multiple-testing control applies). */
    public boolean numericUsesPValue() {
        return numericScore.equals("ks");
    }

    public boolean categoricalUsesPValue() {
        return categoricalScore.equals("chi2");
    }
}
