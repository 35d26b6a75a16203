package io.shepherd.streams.health;

import java.time.Instant;
import java.util.List;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;
import io.shepherd.text.EvidenceText;

/**
 * ModelHealthChanged events from the combiner's announcements, and evidence items from signals. Ids are deterministic,
 * so a recomputation yields the same ids.
 */
public final class HealthEvents {

    private HealthEvents() {
    }

    /**
     * Id of an announcement: the version, its overall level, the event time and the source, which tells apart two
     * sources announcing at the same time; a heartbeat says so, since a source may change and another restate at once.
     */
    public static String eventId(String modelId, String version, HealthAnnouncement a) {
        return "health:" + modelId + ":" + version + ":" + a.level() + ":" + a.decidedAt() + ":" + a.changedSource()
                + (a.heartbeat() ? ":heartbeat" : "");
    }

    public static ModelHealthChanged changed(String modelId, String version, Variant variant, HealthAnnouncement a) {
        return ModelHealthChanged.newBuilder()
                .setEventId(eventId(modelId, version, a))
                .setModelId(modelId)
                .setModelVersion(version)
                .setVariant(variant)
                .setEventTime(Instant.ofEpochMilli(a.decidedAt()))
                .setPreviousLevel(a.previous())
                .setLevel(a.level())
                .setCauses(a.causes())
                .setHeartbeat(a.heartbeat())
                .setEvidence(evidence(a.evidence()))
                .setSources(a.sources().stream().map(HealthEvents::source).toList())
                .setChangedSource(a.changedSource())
                .build();
    }

    private static SourceHealth source(SourceLevels.Source s) {
        SourceLevels.Held held = s.held();
        return SourceHealth.newBuilder()
                .setSource(s.name())
                .setLevel(held.level())
                .setCauses(held.causes())
                .setSince(Instant.ofEpochMilli(held.since()))
                .setEvidence(evidence(held.evidence()))
                .build();
    }

    /** The window with its items, summarised by its most significant one in the words of {@link EvidenceText}. */
    private static Evidence evidence(WindowEvidence w) {
        List<EvidenceItem> items = items(w.topSignals());
        Evidence evidence = Evidence.newBuilder()
                .setWindowStart(w.known() ? Instant.ofEpochMilli(w.windowStart()) : null)
                .setWindowEnd(w.known() ? Instant.ofEpochMilli(w.windowEnd()) : null)
                .setReferenceId(w.referenceId())
                .setSummary("")
                .setItems(items)
                .setSourceEventIds(w.sourceEventIds())
                .build();
        evidence.setSummary(summaryOf(evidence));
        return evidence;
    }

    /**
     * The one line an evidence bundle is read by: the fact behind its most significant item's cause, with the count
     * of the cause's other items and the window, for example {@code drift in amount, PSI 1.99 (limit 0.20), 1,194
     * values vs 600 in the reference, 12:43:00-12:43:10Z}.
     */
    static String summaryOf(Evidence evidence) {
        if (evidence.getItems().isEmpty()) {
            return "no measurement past its limit in the window";
        }
        return EvidenceText.statement(evidence.getItems().get(0).getKind(), evidence);
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
}
