package io.shepherd.streams.validation;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;

/**
 * Checks decoded events before they are counted: required fields present, numbers finite, each feature of the type
 * its reference established. Pure; the caller dead-letters what it rejects.
 */
public final class EventValidator {

    private EventValidator() {
    }

    /** Required identifiers and event time of a feature event. */
    public static Optional<Rejection> checkIds(FeaturesObserved event) {
        return checkIds(event.getEventId(), event.getModelId(), event.getModelVersion(),
                event.getEventTime() == null ? 0 : event.getEventTime().toEpochMilli());
    }

    /**
     * Each value finite and of the kind its feature had in the reference.
     *
     * @param knownKinds the kind each feature had in the reference, for a feature already seen (empty when unknown)
     */
    public static Optional<Rejection> checkKinds(Map<String, Object> features, Function<String, Optional<FeatureValue>> knownKinds) {
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            String name = feature.getKey();
            Object value = feature.getValue();
            FeatureValue kind = FeatureValue.kindOf(value);
            if (kind == FeatureValue.UNSUPPORTED) {
                return reject(Rejection.WRONG_TYPE, "feature " + name + " has an unsupported value of type " + value.getClass().getSimpleName());
            }
            if (kind == FeatureValue.NUMERIC && !Double.isFinite(((Number) value).doubleValue())) {
                return reject(Rejection.NAN_VALUE, "feature " + name + " is " + value);
            }
            if (kind == FeatureValue.EMBEDDING) {
                Optional<Rejection> bad = checkEmbedding(name, FeatureValue.embedding(value));
                if (bad.isPresent()) {
                    return bad;
                }
            }
            if (kind != FeatureValue.MISSING) {
                Optional<FeatureValue> expected = knownKinds.apply(name);
                if (expected.isPresent() && expected.get() != kind) {
                    return reject(Rejection.WRONG_TYPE, "feature " + name + " is " + kind + " but was " + expected.get() + " in the reference");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkEmbedding(String name, float[] vector) {
        if (vector.length == 0) {
            return reject(Rejection.WRONG_TYPE, "embedding feature " + name + " is empty");
        }
        for (float f : vector) {
            if (!Float.isFinite(f)) {
                return reject(Rejection.NAN_VALUE, "embedding feature " + name + " holds " + f);
            }
        }
        return Optional.empty();
    }

    public static Optional<Rejection> check(PredictionServed event) {
        Optional<Rejection> missing = checkIds(event.getEventId(), event.getModelId(), event.getModelVersion(),
                event.getEventTime() == null ? 0 : event.getEventTime().toEpochMilli());
        if (missing.isPresent()) {
            return missing;
        }
        if (!Double.isFinite(event.getLatencyMs()) || event.getLatencyMs() < 0) {
            return reject(Rejection.NAN_VALUE, "latencyMs is " + event.getLatencyMs());
        }
        Double score = event.getPrediction().getScore();
        if (score != null && !Double.isFinite(score)) {
            return reject(Rejection.NAN_VALUE, "prediction score is " + score);
        }
        Map<String, Double> probabilities = event.getPrediction().getProbabilities();
        if (probabilities != null && probabilities.values().stream().anyMatch(p -> p == null || !Double.isFinite(p) || p < 0 || p > 1)) {
            return reject(Rejection.NAN_VALUE, "prediction probabilities must be finite and within [0, 1]: " + probabilities);
        }
        if (event.getStatus() == ServingStatus.OK && score == null && event.getPrediction().getLabel() == null) {
            return reject(Rejection.MISSING_FIELD, "status OK but the prediction has neither a score nor a label");
        }
        return Optional.empty();
    }

    /** Required identifiers and event time of an event, as read (strings may be null, the time 0 when not set). */
    public static Optional<Rejection> checkIds(String eventId, String modelId, String modelVersion, long eventTime) {
        if (isBlank(eventId)) {
            return reject(Rejection.MISSING_FIELD, "eventId is empty");
        }
        if (isBlank(modelId)) {
            return reject(Rejection.MISSING_FIELD, "modelId is empty");
        }
        if (isBlank(modelVersion)) {
            return reject(Rejection.MISSING_FIELD, "modelVersion is empty");
        }
        if (eventTime <= 0) {
            return reject(Rejection.MISSING_FIELD, "eventTime is not set");
        }
        return Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Rejection> reject(String reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
