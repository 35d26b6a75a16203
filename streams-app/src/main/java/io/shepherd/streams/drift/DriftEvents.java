package io.shepherd.streams.drift;

import java.time.Instant;
import java.util.List;

import io.shepherd.events.DriftScored;
import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Variant;
import io.shepherd.streams.health.HealthChange;
import io.shepherd.streams.health.Signal;

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

    static ModelHealthChanged health(String modelId, String version, Variant variant, HealthChange change) {
        List<EvidenceItem> items = change.topSignals().stream().map(DriftEvents::item).toList();
        String summary = change.heartbeat()
                ? modelId + " " + version + " still " + change.level()
                : modelId + " " + version + " " + change.previous() + " -> " + change.level() + summaryOf(change.topSignals());
        return ModelHealthChanged.newBuilder()
                .setEventId("health:" + modelId + ":" + version + ":" + change.level() + ":" + change.decidedAt()
                        + (change.heartbeat() ? ":heartbeat" : ""))
                .setModelId(modelId)
                .setModelVersion(version)
                .setVariant(variant)
                .setEventTime(Instant.ofEpochMilli(change.decidedAt()))
                .setPreviousLevel(change.previous())
                .setLevel(change.level())
                .setCauses(change.causes())
                .setHeartbeat(change.heartbeat())
                .setEvidence(Evidence.newBuilder()
                        .setWindowStart(Instant.ofEpochMilli(change.evidence().windowStart()))
                        .setWindowEnd(Instant.ofEpochMilli(change.evidence().windowEnd()))
                        .setReferenceId(change.evidence().referenceId())
                        .setSummary(summary)
                        .setItems(items)
                        .setSourceEventIds(change.evidence().sourceEventIds())
                        .build())
                .build();
    }

    private static EvidenceItem item(Signal s) {
        return EvidenceItem.newBuilder().setKind(s.cause()).setSubject(s.subject()).setValue(s.value())
                .setThreshold(Double.isFinite(s.threshold()) ? s.threshold() : null).setDetail(s.detail()).build();
    }

    private static String summaryOf(List<Signal> signals) {
        if (signals.isEmpty()) {
            return "";
        }
        Signal top = signals.get(0);
        return String.format(": %s %s = %.4g (threshold %.4g)%s", top.cause(), top.subject(), top.value(), top.threshold(),
                signals.size() > 1 ? " and " + (signals.size() - 1) + " more" : "");
    }
}
