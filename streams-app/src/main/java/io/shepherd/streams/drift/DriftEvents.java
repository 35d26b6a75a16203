package io.shepherd.streams.drift;

import java.time.Instant;

import io.shepherd.events.DriftScored;

/** The output events of the drift engine, with deterministic ids so a recomputation yields the same ids. */
final class DriftEvents {

    private DriftEvents() {
    }

    static String scoreId(String modelId, String version, String feature, long windowEnd) {
        return "drift:" + modelId + ":" + version + ":" + feature + ":" + windowEnd;
    }

    static DriftScored scored(String modelId, String version, FeatureVerdict v, long windowStart, long windowEnd, String referenceId) {
        return DriftScored.newBuilder()
                .setEventId(scoreId(modelId, version, v.feature(), windowEnd))
                .setModelId(modelId)
                .setModelVersion(version)
                .setFeature(v.feature())
                .setFeatureKind(v.kind())
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setReferenceId(referenceId)
                .setSampleSize(v.sampleSize())
                .setReferenceSize(v.referenceSize())
                .setVerdict(v.verdict())
                .setDecidingScore(v.decidingScore())
                .setThreshold(Double.isFinite(v.threshold()) ? v.threshold() : 0.0)
                .setScores(v.scores())
                .setPValue(v.pValue())
                .setImportance(v.importance())
                .build();
    }
}
