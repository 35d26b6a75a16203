package io.shepherd.streams.health;

import java.util.Objects;

import io.shepherd.events.Variant;

/**
 * A change (or heartbeat) of one source's level for one model version, on its way to {@link HealthCombiner}.
 *
 * @param source  drift, performance, serving, liveness or challenger
 */
public record SourcedChange(String source, String modelId, String modelVersion, Variant variant, HealthChange change) {

    public static final String DRIFT = "drift";
    public static final String PERFORMANCE = "performance";
    public static final String SERVING = "serving";
    public static final String LIVENESS = "liveness";
    public static final String CHALLENGER = "challenger";

    public SourcedChange {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(change, "change");
    }

    public String versionKey() {
        return modelId + "|" + modelVersion;
    }
}
