package io.shepherd.streams.health;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;

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

    /** The window with its items, summarised by its most significant one. */
    private static Evidence evidence(WindowEvidence w) {
        List<EvidenceItem> items = items(w.topSignals());
        String cause = items.isEmpty() ? null : items.get(0).getKind();
        return Evidence.newBuilder()
                .setWindowStart(w.known() ? Instant.ofEpochMilli(w.windowStart()) : null)
                .setWindowEnd(w.known() ? Instant.ofEpochMilli(w.windowEnd()) : null)
                .setReferenceId(w.referenceId())
                .setSummary(summaryOf(cause, items))
                .setItems(items)
                .setSourceEventIds(w.sourceEventIds())
                .build();
    }

    /**
     * The one line an evidence bundle is read by: the fact behind {@code cause} (the first item of that kind, else the
     * first item). The shared formatter of event-schemas takes this over once it is available.
     */
    static String summaryOf(String cause, List<EvidenceItem> items) {
        if (items.isEmpty()) {
            return "no measurement past its limit in the window";
        }
        EvidenceItem top = items.stream().filter(i -> i.getKind().equals(cause)).findFirst().orElse(items.get(0));
        StringBuilder line = new StringBuilder(top.getKind()).append(' ').append(top.getSubject()).append(": ")
                .append(top.getStatistic() == null ? "value" : top.getStatistic()).append(' ').append(number(top.getValue()));
        if (top.getThreshold() != null) {
            line.append(" (limit ").append(number(top.getThreshold())).append(')');
        }
        if (top.getMeasured() != null && top.getReference() != null) {
            line.append(", ").append(number(top.getMeasured())).append(" vs ").append(number(top.getReference()));
        }
        if (top.getSampleSize() != null) {
            line.append(", n=").append(top.getSampleSize())
                    .append(top.getReferenceSize() == null ? "" : " vs " + top.getReferenceSize());
        }
        return line.toString();
    }

    /** Three significant digits, whole numbers from 100 up, never an exponent. */
    private static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
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
