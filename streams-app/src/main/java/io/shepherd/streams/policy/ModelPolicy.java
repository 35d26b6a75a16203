package io.shepherd.streams.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.streams.health.Hysteresis;

/**
 * How one model is monitored: its windows, reference, drift scores and thresholds, data-quality limits, escalation
 * hysteresis and performance limits. Built by {@link PolicyBook} from the bundled defaults
 * ({@code shepherd-default-policy.json}) and the model's overrides; every field, its default and where the default
 * comes from is documented in {@code streams-app/POLICIES.md}. Invalid values are refused here, naming the field.
 *
 * @param windowSize            length of a current window (PT1H)
 * @param windowAdvance         hop between window starts, at most {@code windowSize}; null means a quarter of
 *                              {@code windowSize} (PT15M for the default hour), so overriding the size alone works
 * @param gracePeriod           how late an event may arrive and still count in its window (PT5M)
 * @param minSamples            values a feature needs in the window (and the reference) for a verdict (200); fewer
 *                              give INSUFFICIENT_DATA
 * @param reference             the default reference window (the first 1,000 events after deployment)
 * @param tdigestCompression    t-digest compression of numeric sketches (100)
 * @param maxCategories         categories tracked per categorical feature before the rest go to one bucket (200)
 * @param psiBins               bins of PSI over numeric features, quantiles of the reference (10)
 * @param numeric               deciding score and thresholds for numeric features
 * @param categorical           deciding score and thresholds for categorical features
 * @param embeddingCentroidCosine cosine distance between reference and window centroids at or above which an
 *                              embedding drifts (0.05)
 * @param multipleTesting       correction applied where p-values decide
 * @param driftTest             the significance a drifting feature needs beside its size, as a false-alarm budget
 * @param featureImportance     weight of each feature in the model-level rule; features not listed weigh 1.0
 * @param driftShare            the model drifts when the importance-weighted share of drifting features reaches
 *                              this (0.1)
 * @param criticalImportance    ... or when one feature weighing at least this much drifts (3.0)
 * @param driftCanReachCritical model-level drift asks for CRITICAL instead of WARNING (false)
 * @param dataQuality           data-quality limits
 * @param hysteresis            windows to escalate (2) and to recover (3), heartbeat period (12 windows)
 * @param performance           performance-drop limits and label handling
 * @param serving               the serving SLA: latency and error-rate limits
 * @param liveness              when a version counts as silent (NO_DATA) or stale
 * @param challenger            how canary and shadow versions are judged against the champion
 * @param retrainAfterDriftingWindows consecutive drifting windows after which a RetrainingRequested is published
 *                              (24; 0 never)
 */
public record ModelPolicy(
        Duration windowSize,
        Duration windowAdvance,
        Duration gracePeriod,
        int minSamples,
        ReferenceSpec reference,
        double tdigestCompression,
        int maxCategories,
        int psiBins,
        NumericScoring numeric,
        CategoricalScoring categorical,
        double embeddingCentroidCosine,
        PValueCorrection multipleTesting,
        DriftTest driftTest,
        Map<String, Double> featureImportance,
        double driftShare,
        double criticalImportance,
        boolean driftCanReachCritical,
        DataQualityLimits dataQuality,
        Hysteresis hysteresis,
        PerformanceLimits performance,
        ServingLimits serving,
        Liveness liveness,
        ChallengerLimits challenger,
        int retrainAfterDriftingWindows) {

    /** Weight of a feature that {@code featureImportance} does not list. */
    public static final double DEFAULT_IMPORTANCE = 1.0;

    /** Windows overlapping each event when {@code windowAdvance} is left to its default. */
    private static final int QUARTERS = 4;

    public ModelPolicy {
        Checks.positive("windowSize", windowSize);
        windowAdvance = windowAdvance != null ? windowAdvance : windowSize.dividedBy(QUARTERS);
        Checks.positive("windowAdvance", windowAdvance);
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("windowAdvance (" + windowAdvance + ") must not exceed windowSize ("
                    + windowSize + "), or events between windows would never be judged");
        }
        Checks.required("gracePeriod", gracePeriod);
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, got " + gracePeriod);
        }
        Checks.atLeast("minSamples", minSamples, 1);
        Checks.required("reference", reference);
        if (!(tdigestCompression >= 10 && tdigestCompression <= 10_000)) {
            throw new IllegalArgumentException("tdigestCompression must be in [10, 10000], got " + tdigestCompression);
        }
        Checks.atLeast("maxCategories", maxCategories, 2);
        Checks.atLeast("psiBins", psiBins, 2);
        Checks.required("numeric", numeric);
        Checks.required("categorical", categorical);
        if (!(embeddingCentroidCosine > 0 && embeddingCentroidCosine <= 2)) {
            throw new IllegalArgumentException("embeddingCentroidCosine must be in (0, 2], got "
                    + embeddingCentroidCosine);
        }
        Checks.required("multipleTesting", multipleTesting);
        Checks.required("driftTest", driftTest);
        featureImportance = importances(featureImportance);
        Checks.fraction("driftShare", driftShare);
        Checks.positive("criticalImportance", criticalImportance);
        Checks.required("dataQuality", dataQuality);
        Checks.required("hysteresis", hysteresis);
        Checks.required("performance", performance);
        Checks.required("serving", serving);
        Checks.required("liveness", liveness);
        Checks.required("challenger", challenger);
        Checks.atLeast("retrainAfterDriftingWindows", retrainAfterDriftingWindows, 0);
    }

    /** The weight of a feature in the model-level drift rule. */
    public double importanceOf(String feature) {
        return featureImportance.getOrDefault(feature, DEFAULT_IMPORTANCE);
    }

    private static Map<String, Double> importances(Map<String, Double> given) {
        Checks.required("featureImportance", given);
        Map<String, Double> sorted = new TreeMap<>();
        given.forEach((feature, weight) -> {
            if (feature == null || feature.isBlank()) {
                throw new IllegalArgumentException("featureImportance has a blank feature name");
            }
            if (weight == null || !(weight >= 0) || weight.isInfinite()) {
                throw new IllegalArgumentException("featureImportance." + feature + " must be a finite number >= 0, got "
                        + weight);
            }
            sorted.put(feature, weight);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
