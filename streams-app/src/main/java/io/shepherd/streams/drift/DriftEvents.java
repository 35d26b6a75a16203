package io.shepherd.streams.drift;

import java.time.Instant;
import java.util.List;

import io.shepherd.events.DriftScored;
import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.RetrainingRequested;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthEvents;
import io.shepherd.streams.health.WindowAssessment;

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

    static RetrainingRequested retraining(String modelId, String version, int windows, WindowAssessment window) {
        List<EvidenceItem> items = HealthEvents.items(window.topSignals(Escalation.TOP_SIGNALS));
        String reason = modelId + " " + version + " has drifted for " + windows + " windows in a row";
        return RetrainingRequested.newBuilder()
                .setEventId("retrain:" + modelId + ":" + version + ":" + window.windowEnd())
                .setModelId(modelId)
                .setModelVersion(version)
                .setRequestedAt(Instant.ofEpochMilli(window.windowEnd()))
                .setDriftingWindows(windows)
                .setReason(reason)
                .setEvidence(Evidence.newBuilder()
                        .setWindowStart(Instant.ofEpochMilli(window.windowStart()))
                        .setWindowEnd(Instant.ofEpochMilli(window.windowEnd()))
                        .setReferenceId(window.referenceId())
                        .setSummary(reason)
                        .setItems(items)
                        .setSourceEventIds(window.sourceEventIds())
                        .build())
                .build();
    }
}
