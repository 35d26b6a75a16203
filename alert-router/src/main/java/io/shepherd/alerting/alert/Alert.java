package io.shepherd.alerting.alert;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.shepherd.contract.AlertIds;
import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;

/**
 * One alert: a cause holding a model version above NONE. Its id is stable while it is open, so receivers can update
 * and resolve what they were sent.
 *
 * @param startsAt    event time of the health change that opened it
 * @param updatedAt   event time of the health change that last set its level
 * @param endsAt      event time at which it resolved; empty while it fires
 */
public record Alert(String id, String modelId, String modelVersion, String cause, HealthLevel level, Map<String, String> labels,
                    Evidence evidence, String healthEventId, Instant startsAt, Instant updatedAt, Optional<Instant> endsAt,
                    String resolveReason) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** The id announced in {@code AlertFired}: model, version and cause. */
    public static String idOf(String modelId, String modelVersion, String cause) {
        return AlertIds.of(modelId, modelVersion, cause);
    }

    public static String severity(HealthLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    public boolean resolved() {
        return endsAt.isPresent();
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    Alert withLevel(HealthLevel newLevel, Evidence newEvidence, String eventId, Instant at) {
        Map<String, String> relabelled = new java.util.HashMap<>(labels);
        relabelled.put("severity", severity(newLevel));
        return new Alert(id, modelId, modelVersion, cause, newLevel, relabelled, newEvidence, eventId, startsAt, at, Optional.empty(), "");
    }

    public Alert resolve(String eventId, Instant at, String reason) {
        return new Alert(id, modelId, modelVersion, cause, level, labels, evidence, eventId, startsAt, updatedAt, Optional.of(at), reason);
    }
}
