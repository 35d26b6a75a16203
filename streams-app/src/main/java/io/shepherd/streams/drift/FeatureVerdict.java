package io.shepherd.streams.drift;

import java.util.Map;

import io.shepherd.events.DriftVerdict;
import io.shepherd.events.FeatureKind;

/** The drift of one feature in one window: every score, the deciding one, its threshold, and the verdict. */
public record FeatureVerdict(String feature, FeatureKind kind, DriftVerdict verdict, String decidingScore, double decidingValue,
                             double threshold, Map<String, Double> scores, Double pValue, double importance, long sampleSize,
                             long referenceSize) {

    public FeatureVerdict {
        scores = Map.copyOf(scores);
    }

    public FeatureVerdict withVerdict(DriftVerdict newVerdict) {
        return new FeatureVerdict(feature, kind, newVerdict, decidingScore, decidingValue, threshold, scores, pValue, importance,
                sampleSize, referenceSize);
    }
}
