package io.shepherd.streams.drift;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;

/**
 * What the drift engine takes from an input event: whose it is, when, and the values to compare. A prediction's
 * outputs are monitored as the features {@code prediction.score} and {@code prediction.label}.
 */
public record Observation(String eventId, String modelId, String modelVersion, long eventTime, Map<String, Object> features) {

    public static final String SCORE = "prediction.score";
    public static final String LABEL = "prediction.label";

    public static Observation of(FeaturesObserved event) {
        return new Observation(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getEventTime().toEpochMilli(),
                event.getFeatures());
    }

    /** Failed calls have no outputs to compare; they count in serving health instead. */
    public static Observation of(PredictionServed event) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (event.getStatus() == ServingStatus.OK) {
            if (event.getPrediction().getScore() != null) {
                outputs.put(SCORE, event.getPrediction().getScore());
            }
            if (event.getPrediction().getLabel() != null) {
                outputs.put(LABEL, event.getPrediction().getLabel());
            }
        }
        return new Observation(event.getEventId(), event.getModelId(), event.getModelVersion(), event.getEventTime().toEpochMilli(), outputs);
    }

    public String versionKey() {
        return modelId + "|" + modelVersion;
    }
}
