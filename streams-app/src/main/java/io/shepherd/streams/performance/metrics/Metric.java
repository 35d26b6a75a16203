package io.shepherd.streams.performance.metrics;

/**
 * One performance metric of one window, with its confidence interval when it has one.
 *
 * @param lower  lower confidence bound, NaN without an interval
 * @param upper  upper confidence bound, NaN without an interval
 * @param method how the interval was computed ("wilson", "normal", "delta", "hanley_mcneil"), null without one
 */
public record Metric(String name, double value, double lower, double upper, String method, boolean higherIsBetter) {

    /** A metric without an interval. */
    public static Metric point(String name, double value, boolean higherIsBetter) {
        return new Metric(name, value, Double.NaN, Double.NaN, null, higherIsBetter);
    }

    public boolean hasInterval() {
        return method != null;
    }

    /**
     * The bound most favourable to the model (the upper one when higher is better), or the value without an interval:
     * the value of the metric the data cannot rule out at the interval's confidence.
     */
    public double favourableBound() {
        if (!hasInterval()) {
            return value;
        }
        return higherIsBetter ? upper : lower;
    }
}
