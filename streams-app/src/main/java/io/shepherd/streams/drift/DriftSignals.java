package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;

/**
 * The signals of one scored window: a DRIFT signal per drifting feature when the model-level rule says the model
 * drifts (the importance-weighted share of drifting features reaches the policy's share, or an important-enough
 * feature drifts), and a DATA_QUALITY signal per rate past its limit. Each states the statistic and how many values it
 * was computed over. Pure.
 */
final class DriftSignals {

    private DriftSignals() {
    }

    static List<Signal> of(List<FeatureVerdict> verdicts, FeatureSketches current, FeatureSketches reference, DriftSettings s) {
        List<Signal> signals = new ArrayList<>();
        if (modelDrifts(verdicts, s)) {
            HealthLevel severity = s.driftCanReachCritical() ? HealthLevel.CRITICAL : HealthLevel.WARNING;
            for (FeatureVerdict v : verdicts) {
                if (v.verdict() == DriftVerdict.DRIFT) {
                    signals.add(drift(v, severity, values(current, v.feature()), values(reference, v.feature())));
                }
            }
        }
        for (FeatureVerdict v : verdicts) {
            dataQuality(v, s, current, signals);
        }
        return signals;
    }

    private static boolean modelDrifts(List<FeatureVerdict> verdicts, DriftSettings s) {
        double total = 0;
        double drifting = 0;
        boolean importantDrift = false;
        for (FeatureVerdict v : verdicts) {
            if (v.verdict() == DriftVerdict.INSUFFICIENT_DATA) {
                continue;
            }
            total += v.importance();
            if (v.verdict() == DriftVerdict.DRIFT) {
                drifting += v.importance();
                importantDrift |= v.importance() >= s.criticalImportance();
            }
        }
        return total > 0 && (drifting / total >= s.driftShare() || importantDrift);
    }

    /** The deciding score by name, over how many values on each side, with its p-value when a test decided. */
    private static Signal drift(FeatureVerdict v, HealthLevel severity, long values, long referenceValues) {
        Facts facts = Facts.of(v.decidingScore().toLowerCase(java.util.Locale.ROOT)).withSampleSize(values)
                .withReferenceSize(referenceValues);
        return new Signal(Signal.DRIFT, severity, v.feature(), v.decidingValue(), v.threshold(),
                v.decidingScore() + " over " + values + " values vs " + referenceValues + " in the reference",
                v.pValue() == null ? facts : facts.withPValue(v.pValue()));
    }

    private static void dataQuality(FeatureVerdict v, DriftSettings s, FeatureSketches current, List<Signal> signals) {
        Map<String, Double> limits = new LinkedHashMap<>();
        limits.put("missing_rate_jump", s.missingRateJump());
        limits.put("nan_rate", s.nanRateLimit());
        limits.put("out_of_range_rate", s.outOfRangeJump());
        limits.put("unseen_rate", s.unseenRateLimit());
        for (Map.Entry<String, Double> limit : limits.entrySet()) {
            Double value = v.scores().get(limit.getKey());
            if (value != null && value > limit.getValue()) {
                long sample = limit.getKey().equals("missing_rate_jump") || limit.getKey().equals("nan_rate")
                        ? records(current, v.feature()) : values(current, v.feature());
                signals.add(new Signal(Signal.DATA_QUALITY, HealthLevel.WARNING, v.feature(), value, limit.getValue(), limit.getKey(),
                        Facts.of(limit.getKey()).withSampleSize(sample)));
            }
        }
    }

    /** Values of the feature, what its scores and value rates are over: missing and non-finite ones not counted. */
    /** Values of the feature (not missing, not NaN) in the sketches: what its drift scores are computed over. */
    static long values(FeatureSketches sketches, String feature) {
        if (sketches.numericOrNull(feature) != null) {
            return sketches.numericOrNull(feature).count();
        }
        if (sketches.categoricalOrNull(feature) != null) {
            return sketches.categoricalOrNull(feature).count();
        }
        return sketches.embeddingOrNull(feature) == null ? 0 : sketches.embeddingOrNull(feature).count();
    }

    /** Records that carried the feature, with or without a value: what its missing and NaN rates are over. */
    private static long records(FeatureSketches sketches, String feature) {
        if (sketches.numericOrNull(feature) != null) {
            return sketches.numericOrNull(feature).totalCount();
        }
        if (sketches.categoricalOrNull(feature) != null) {
            return sketches.categoricalOrNull(feature).totalCount();
        }
        return values(sketches, feature) + sketches.missingOfUnknownKind(feature);
    }
}
