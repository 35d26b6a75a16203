package io.shepherd.streams.validation;

import java.util.List;

/** The kinds of value a feature may hold in a FeaturesObserved event. */
public enum FeatureValue {
    NUMERIC, CATEGORICAL, EMBEDDING, MISSING, UNSUPPORTED;

    public static FeatureValue kindOf(Object value) {
        if (value == null) {
            return MISSING;
        }
        if (value instanceof Double || value instanceof Float) {
            return NUMERIC;
        }
        if (value instanceof CharSequence) {
            return CATEGORICAL;
        }
        if (value instanceof List<?>) {
            return EMBEDDING;
        }
        return UNSUPPORTED;
    }

    /** The floats of an embedding value as read by Avro (a list of Float). */
    public static float[] embedding(Object value) {
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) list.get(i)).floatValue();
        }
        return vector;
    }
}
