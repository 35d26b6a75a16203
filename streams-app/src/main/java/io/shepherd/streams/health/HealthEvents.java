package io.shepherd.streams.health;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Variant;

/** ModelHealthChanged events from overall changes, with deterministic ids so a recomputation yields the same ids. */
public final class HealthEvents {

    private HealthEvents() {
    }

    /**
     * @param source the source whose window decided; a heartbeat of a source other than drift names it in the id, since
     *               two sources may restate the same level at the same time
     */
    public static ModelHealthChanged changed(String modelId, String version, Variant variant, HealthChange change, String source) {
        List<EvidenceItem> items = change.topSignals().stream().map(HealthEvents::item).toList();
        String summary = change.heartbeat()
                ? modelId + " " + version + " still " + change.level()
                : modelId + " " + version + " " + change.previous() + " -> " + change.level() + summaryOf(change.topSignals());
        String heartbeatSuffix = !change.heartbeat() ? "" : SourcedChange.DRIFT.equals(source) ? ":heartbeat" : ":heartbeat:" + source;
        return ModelHealthChanged.newBuilder()
                .setEventId("health:" + modelId + ":" + version + ":" + change.level() + ":" + change.decidedAt() + heartbeatSuffix)
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
        return String.format(Locale.ROOT, ": %s %s = %.4g (threshold %.4g)%s", top.cause(), top.subject(), top.value(), top.threshold(),
                signals.size() > 1 ? " and " + (signals.size() - 1) + " more" : "");
    }
}
