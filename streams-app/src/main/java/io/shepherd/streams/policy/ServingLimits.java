package io.shepherd.streams.policy;

/**
 * The serving SLA of a model: a window that breaks it raises CRITICAL (LATENCY_SLA or ERROR_RATE). Latency limits
 * are off (null) unless set, because only the model's owners know what is slow for it.
 *
 * @param latencyP99Ms limit on the window's 99th percentile latency in ms (null: none)
 * @param latencyP95Ms limit on the window's 95th percentile latency in ms (null: none)
 * @param errorRate    share of failed requests above which the window breaks the SLA (0.05)
 * @param minRequests  requests a window needs before its SLA is judged (50)
 */
public record ServingLimits(Double latencyP99Ms, Double latencyP95Ms, double errorRate, int minRequests) {

    public ServingLimits {
        positiveOrNull("serving.latencyP99Ms", latencyP99Ms);
        positiveOrNull("serving.latencyP95Ms", latencyP95Ms);
        Checks.fraction("serving.errorRate", errorRate);
        Checks.atLeast("serving.minRequests", minRequests, 1);
    }

    private static void positiveOrNull(String field, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be a positive number of milliseconds or null, got " + value);
        }
    }
}
