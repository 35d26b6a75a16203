package io.shepherd.alerting.support;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.events.HealthLevel;

/** Alerts built directly, for receiver payload tests. */
public final class Alerts {

    public static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private Alerts() {
    }

    public static Alert firing(String model, String version, String cause, HealthLevel level) {
        return new Alert(Alert.idOf(model, version, cause), model, version, cause, level,
                Map.of("modelId", model, "modelVersion", version, "cause", cause, "severity", Alert.severity(level), "variant", "CHAMPION"),
                Events.source("test", level, T0, cause).getEvidence(), "health:" + model + ":" + version + ":" + level, T0, T0, Optional.empty(), "");
    }
}
