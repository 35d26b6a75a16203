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
        List<EvidenceItem> items = items(change.topSignals());
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

    /**
     * A signal as an evidence item with its facts; every fact not known (NaN, infinite or absent) is null. The value
     * is required, so a signal without a finite value belongs in no event: see {@link #measured}.
     */
    public static EvidenceItem item(Signal s) {
        Facts f = s.facts();
        return EvidenceItem.newBuilder().setKind(s.cause()).setSubject(s.subject()).setValue(s.value())
                .setThreshold(finite(s.threshold())).setDetail(s.detail())
                .setStatistic(f.statistic()).setMeasured(finite(f.measured())).setReference(finite(f.reference()))
                .setLower(finite(f.lower())).setUpper(finite(f.upper())).setConfidence(finite(f.confidence()))
                .setHigherIsBetter(f.higherIsBetter()).setSampleSize(f.sampleSize()).setReferenceSize(f.referenceSize())
                .setPValue(finite(f.pValue())).setSince(f.since() == null ? null : Instant.ofEpochMilli(f.since()))
                .build();
    }

    /** Whether a signal measured something an event can state: a window without a baseline has no drop to state. */
    public static boolean measured(Signal s) {
        return Double.isFinite(s.value());
    }

    /** The signals an event can state, as evidence items. */
    public static List<EvidenceItem> items(List<Signal> signals) {
        return signals.stream().filter(HealthEvents::measured).map(HealthEvents::item).toList();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
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
