package io.shepherd.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;

/**
 * Where each cause of a {@code ModelHealthChanged} stands: at the level of the source that holds it (the highest,
 * should two), with that source's evidence. The one reading of the rule for every consumer of the event (the alert
 * router opens one alert per cause from it, the demo prints one line per cause), so they cannot disagree.
 */
public final class HeldCauses {

    /** Cause given to a level above NONE that names no cause. */
    public static final String UNSPECIFIED = "UNSPECIFIED";

    /** One cause held above NONE: its level, the source holding it, and that source's evidence. */
    public record Held(String cause, HealthLevel level, String source, Evidence evidence) {
    }

    private HeldCauses() {
    }

    /**
     * The causes held above NONE after the event, in source order. An event written before sources were listed
     * (version 1 of the event) is read as one source, "overall", holding the overall level for the overall causes.
     */
    public static Map<String, Held> of(ModelHealthChanged event) {
        Map<String, Held> held = new LinkedHashMap<>();
        if (event.getSources().isEmpty()) {
            if (event.getLevel() != HealthLevel.NONE) {
                hold(held, "overall", event.getLevel(), event.getCauses(), event.getEvidence());
            }
            return held;
        }
        for (SourceHealth source : event.getSources()) {
            if (source.getLevel() != HealthLevel.NONE) {
                hold(held, source.getSource(), source.getLevel(), source.getCauses(), source.getEvidence());
            }
        }
        return held;
    }

    private static void hold(Map<String, Held> held, String source, HealthLevel level, List<String> causes, Evidence evidence) {
        for (String cause : causes.isEmpty() ? List.of(UNSPECIFIED) : causes) {
            held.merge(cause, new Held(cause, level, source, evidence), (a, b) -> b.level().compareTo(a.level()) > 0 ? b : a);
        }
    }
}
