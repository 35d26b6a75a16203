package io.shepherd.alerting.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.contract.HeldCauses;
import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;

/**
 * The part of a {@code ModelHealthChanged} the router decides on: the overall level, and every cause held above NONE
 * at its own source's level ({@link HeldCauses}, the event contract's one reading of the rule).
 *
 * @param firing each cause held above NONE, in source order: each should have an open alert after this change
 */
public record HealthChange(String eventId, String modelId, String modelVersion, String variant, Instant eventTime,
                           HealthLevel level, List<String> causes, Evidence evidence, Map<String, HeldCauses.Held> firing) {

    public HealthChange {
        causes = List.copyOf(causes);
        firing = Collections.unmodifiableMap(new LinkedHashMap<>(firing));
    }

    public static HealthChange of(ModelHealthChanged event) {
        return new HealthChange(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getVariant().name(),
                event.getEventTime(), event.getLevel(), event.getCauses(), event.getEvidence(), HeldCauses.of(event));
    }

    /** The causes that should each have an open alert after this change, each at its own source's level, in source order. */
    public Map<String, HeldCauses.Held> firingCauses() {
        return firing;
    }
}
