package io.shepherd.alerting.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;

/**
 * The part of a {@code ModelHealthChanged} the router decides on: the overall level, and every source that holds the
 * version above NONE with its own level, causes and evidence.
 *
 * @param sources every source above NONE; empty in an event written before sources were announced (version 1 of the
 *                event), which is then read as one source holding the overall level for the overall causes
 */
public record HealthChange(String eventId, String modelId, String modelVersion, String variant, Instant eventTime,
                           HealthLevel level, List<String> causes, Evidence evidence, List<Source> sources) {

    /** Cause given to an alert when a level above NONE names no cause. */
    public static final String UNSPECIFIED = "UNSPECIFIED";

    /** One source of evidence holding the version at a level, since a time, for some causes. */
    public record Source(String name, HealthLevel level, List<String> causes, Instant since, Evidence evidence) {
        public Source {
            causes = List.copyOf(causes);
        }
    }

    /** Where one cause stands: the level of the source that holds it (the highest, should two), and that source's evidence. */
    public record Held(String cause, HealthLevel level, String source, Evidence evidence) {
    }

    public HealthChange {
        causes = List.copyOf(causes);
        sources = List.copyOf(sources);
    }

    public static HealthChange of(ModelHealthChanged event) {
        List<Source> sources = event.getSources().stream().map(HealthChange::source).toList();
        return new HealthChange(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getVariant().name(),
                event.getEventTime(), event.getLevel(), event.getCauses(), event.getEvidence(), sources);
    }

    private static Source source(SourceHealth s) {
        return new Source(s.getSource(), s.getLevel(), s.getCauses(), s.getSince(), s.getEvidence());
    }

    /** The causes that should each have an open alert after this change, each at its own source's level, in source order. */
    public Map<String, Held> firingCauses() {
        Map<String, Held> firing = new LinkedHashMap<>();
        for (Source source : effectiveSources()) {
            if (source.level() == HealthLevel.NONE) {
                continue;
            }
            List<String> named = source.causes().isEmpty() ? List.of(UNSPECIFIED) : source.causes();
            for (String cause : named) {
                Held held = new Held(cause, source.level(), source.name(), source.evidence());
                firing.merge(cause, held, (a, b) -> b.level().compareTo(a.level()) > 0 ? b : a);
            }
        }
        return firing;
    }

    private List<Source> effectiveSources() {
        if (!sources.isEmpty() || level == HealthLevel.NONE) {
            return sources;
        }
        return List.of(new Source("overall", level, causes, eventTime, evidence));
    }
}
