package io.shepherd.alerting.alert;

import java.time.Instant;
import java.util.List;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;

/** The part of a {@code ModelHealthChanged} the router decides on. */
public record HealthChange(String eventId, String modelId, String modelVersion, String variant, Instant eventTime,
                           HealthLevel level, List<String> causes, Evidence evidence) {

    /** Cause given to an alert when a level above NONE names no cause. */
    public static final String UNSPECIFIED = "UNSPECIFIED";

    public HealthChange {
        causes = List.copyOf(causes);
    }

    public static HealthChange of(ModelHealthChanged event) {
        return new HealthChange(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getVariant().name(),
                event.getEventTime(), event.getLevel(), event.getCauses(), event.getEvidence());
    }

    /** The causes that should each have an open alert after this change. */
    public List<String> firingCauses() {
        if (level == HealthLevel.NONE) {
            return List.of();
        }
        return causes.isEmpty() ? List.of(UNSPECIFIED) : causes.stream().distinct().toList();
    }
}
