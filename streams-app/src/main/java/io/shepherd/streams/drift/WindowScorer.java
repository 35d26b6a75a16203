package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.events.DriftVerdict;
import io.shepherd.events.FeatureKind;
import io.shepherd.streams.drift.stats.CategoricalDrift;
import io.shepherd.streams.drift.stats.EmbeddingDrift;
import io.shepherd.streams.drift.stats.MultipleTesting;
import io.shepherd.streams.drift.stats.NumericDrift;
import io.shepherd.streams.health.Signal;

/**
 * Scores one window of one model version against its reference: every feature's scores and verdict, then the
 * model-level decision. Where a p-value decides (KS, chi-square), Benjamini-Hochberg (or Bonferroni) runs across the
 * features, and a feature drifts only when the test rejects and the effect clears its critical value, so a model with
 * hundreds of features does not alarm on noise. With a drift-test budget, a feature whose size decides must also pass
 * its test at the window's share of that budget ({@link #applyDriftTest}). The model-level decision and the signals are
 * {@link DriftSignals}'. Pure.
 */
public final class WindowScorer {

    /** What one window yields: per-feature verdicts, and the signals (drift, data quality) for the escalation. */
    public record Result(List<FeatureVerdict> features, List<Signal> signals, boolean sufficient) {
    }

    private WindowScorer() {
    }

    public static Result score(ReferenceState reference, FeatureSketches current, DriftSettings settings) {
        boolean sufficient = reference != null && reference.complete() && reference.sketches().records() >= settings.minSamples()
                && current.records() >= settings.minSamples();
        List<FeatureVerdict> verdicts = new ArrayList<>();
        java.util.Set<String> features = new java.util.TreeSet<>(current.features());
        if (reference != null) {
            features.addAll(reference.sketches().features());
        }
        for (String feature : features) {
            verdicts.add(scoreFeature(feature, reference, current, settings, sufficient));
        }
        verdicts = applyMultipleTesting(verdicts, settings);
        verdicts = applyDriftTest(verdicts, settings);
        List<Signal> signals = sufficient ? DriftSignals.of(verdicts, current, reference.sketches(), settings) : List.of();
        return new Result(verdicts, signals, sufficient);
    }

    private static FeatureVerdict scoreFeature(String feature, ReferenceState reference, FeatureSketches current, DriftSettings s,
                                               boolean sufficient) {
        FeatureSketches ref = reference == null ? null : reference.sketches();
        FeatureKind kind = kind(feature, ref, current);
        // The feature's own values on each side, as DriftScored's doc and the health evidence say, not the records
        // of every topic that fed the window.
        long size = DriftSignals.values(current, feature);
        long refSize = ref == null ? 0 : DriftSignals.values(ref, feature);
        double importance = s.importanceOf(feature);
        if (!sufficient || ref == null || !ref.kindOf(feature).isPresent() || !current.kindOf(feature).isPresent()) {
            return new FeatureVerdict(feature, kind, DriftVerdict.INSUFFICIENT_DATA, decidingName(kind, s), Double.NaN,
                    threshold(kind, s, Map.of()), Map.of(), null, importance, size, refSize);
        }
        Map<String, Double> scores = new LinkedHashMap<>(switch (kind) {
            case NUMERIC -> NumericDrift.compare(ref.numericOrNull(feature), current.numericOrNull(feature), s.psiBins()).asMap();
            case CATEGORICAL -> CategoricalDrift.compare(ref.categoricalOrNull(feature), current.categoricalOrNull(feature)).asMap();
            case EMBEDDING -> EmbeddingDrift.compare(ref.embeddingOrNull(feature), current.embeddingOrNull(feature)).asMap();
        });
        if (kind != FeatureKind.EMBEDDING) {
            // How much more often the feature is missing than in the reference: a broken upstream join shows here.
            scores.put("missing_rate_jump", missingRate(current, feature, kind) - missingRate(ref, feature, kind));
        }
        String deciding = decidingName(kind, s);
        double value = scores.getOrDefault(deciding, Double.NaN);
        double threshold = threshold(kind, s, scores);
        Double pValue = pValue(kind, s, scores);
        boolean drift = value > threshold;
        if (kind == FeatureKind.EMBEDDING && !drift
                && scores.getOrDefault("distance_ks", 0.0) > scores.getOrDefault("distance_ks_critical", 1.0)) {
            // The centroids agree but the distances to the reference centroid do not (a change of spread): the event
            // names the score that decided, so the verdict can be traced to it.
            drift = true;
            deciding = "distance_ks";
            value = scores.get("distance_ks");
            threshold = scores.get("distance_ks_critical");
        }
        return new FeatureVerdict(feature, kind, drift ? DriftVerdict.DRIFT : DriftVerdict.NO_DRIFT, deciding, value, threshold,
                scores, pValue, importance, size, refSize);
    }

    private static double missingRate(FeatureSketches sketches, String feature, FeatureKind kind) {
        long missing;
        long total;
        if (kind == FeatureKind.NUMERIC) {
            missing = sketches.numericOrNull(feature).missingCount();
            total = sketches.numericOrNull(feature).totalCount();
        } else {
            missing = sketches.categoricalOrNull(feature).missingCount();
            total = sketches.categoricalOrNull(feature).totalCount();
        }
        return total == 0 ? 0.0 : (double) missing / total;
    }

    private static FeatureKind kind(String feature, FeatureSketches ref, FeatureSketches current) {
        var kind = ref != null && ref.kindOf(feature).isPresent() ? ref.kindOf(feature) : current.kindOf(feature);
        return switch (kind.orElse(io.shepherd.streams.validation.FeatureValue.NUMERIC)) {
            case CATEGORICAL -> FeatureKind.CATEGORICAL;
            case EMBEDDING -> FeatureKind.EMBEDDING;
            default -> FeatureKind.NUMERIC;
        };
    }

    private static String decidingName(FeatureKind kind, DriftSettings s) {
        return switch (kind) {
            case NUMERIC -> s.numericScore();
            case CATEGORICAL -> s.categoricalScore();
            case EMBEDDING -> "centroid_cosine";
        };
    }

    private static double threshold(FeatureKind kind, DriftSettings s, Map<String, Double> scores) {
        return switch (kind) {
            case NUMERIC -> s.numericScore().equals("ks") ? scores.getOrDefault("ks_critical", Double.NaN) : s.numericThreshold();
            case CATEGORICAL -> s.categoricalThreshold();
            case EMBEDDING -> s.embeddingThreshold();
        };
    }

    private static Double pValue(FeatureKind kind, DriftSettings s, Map<String, Double> scores) {
        if (kind == FeatureKind.NUMERIC && s.numericUsesPValue()) {
            return scores.get("ks_p");
        }
        if (kind == FeatureKind.CATEGORICAL && s.categoricalUsesPValue()) {
            return scores.get("chi2_p");
        }
        return null;
    }

    /**
     * The test beside the size ({@code driftTest.falseAlarmBudget}, B). Each window is one look at each feature that has
     * a test (KS p-value for numeric features, chi-square for categorical ones; an embedding is judged on its size
     * alone) and spends alpha = n / (B F) of the budget on it: n the requests the window added since the previous
     * window (its values times advance / size), F the features tested. A feature drifts only when its p-value is at
     * most alpha as well. Summed over every look at every feature, the expected number of features wrongly declared
     * drifting is then at most one per B requests of the version: a union bound, which holds however often the
     * windows look and however the looks depend on each other, so hopping windows and a shared reference do not
     * weaken it. The p-value and alpha are in the feature's scores ({@code drift_test_p}, {@code drift_test_alpha}).
     */
    private static List<FeatureVerdict> applyDriftTest(List<FeatureVerdict> verdicts, DriftSettings s) {
        if (!(s.driftFalseAlarmBudget() > 0)) {
            return verdicts;
        }
        List<Integer> tested = new ArrayList<>();
        long requests = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            FeatureVerdict v = verdicts.get(i);
            if (v.verdict() != DriftVerdict.INSUFFICIENT_DATA && testP(v) != null) {
                tested.add(i);
                requests = Math.max(requests, v.sampleSize());
            }
        }
        if (tested.isEmpty()) {
            return verdicts;
        }
        double added = requests * (double) s.grid().advanceMs() / s.grid().sizeMs();
        double alpha = Math.min(1, added / (s.driftFalseAlarmBudget() * tested.size()));
        List<FeatureVerdict> judged = new ArrayList<>(verdicts);
        for (int i : tested) {
            FeatureVerdict v = judged.get(i);
            double p = testP(v);
            Map<String, Double> scores = new LinkedHashMap<>(v.scores());
            scores.put("drift_test_p", p);
            scores.put("drift_test_alpha", alpha);
            DriftVerdict verdict = v.verdict() == DriftVerdict.DRIFT && p > alpha ? DriftVerdict.NO_DRIFT : v.verdict();
            judged.set(i, new FeatureVerdict(v.feature(), v.kind(), verdict, v.decidingScore(), v.decidingValue(), v.threshold(), scores,
                    v.pValue() != null ? v.pValue() : p, v.importance(), v.sampleSize(), v.referenceSize()));
        }
        return judged;
    }

    /** The p-value of a feature's test against the reference, null when its kind has none. */
    private static Double testP(FeatureVerdict v) {
        Double p = switch (v.kind()) {
            case NUMERIC -> v.scores().get("ks_p");
            case CATEGORICAL -> v.scores().get("chi2_p");
            case EMBEDDING -> null;
        };
        return p == null || Double.isNaN(p) ? null : p;
    }

    /** A p-value-decided feature drifts only if the correction across all such features rejects it too. */
    private static List<FeatureVerdict> applyMultipleTesting(List<FeatureVerdict> verdicts, DriftSettings s) {
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (verdicts.get(i).pValue() != null && verdicts.get(i).verdict() != DriftVerdict.INSUFFICIENT_DATA) {
                tested.add(i);
            }
        }
        if (tested.isEmpty() || s.correction().equals("NONE")) {
            return verdicts;
        }
        double[] p = tested.stream().mapToDouble(i -> verdicts.get(i).pValue()).toArray();
        boolean[] rejected = s.correction().equals("BONFERRONI")
                ? MultipleTesting.bonferroni(p, s.falseDiscoveryRate())
                : MultipleTesting.benjaminiHochberg(p, s.falseDiscoveryRate());
        List<FeatureVerdict> corrected = new ArrayList<>(verdicts);
        for (int j = 0; j < tested.size(); j++) {
            FeatureVerdict v = corrected.get(tested.get(j));
            if (v.verdict() == DriftVerdict.DRIFT && !rejected[j]) {
                corrected.set(tested.get(j), v.withVerdict(DriftVerdict.NO_DRIFT));
            }
        }
        return corrected;
    }
}
