package io.shepherd.streams.health;

/**
 * What a {@link Signal}'s value is and what it rests on: the statistic, the metric behind a change, its interval, the
 * sample sizes, the p-value, the time a silence or an age counts from. The same facts as an {@code EvidenceItem}
 * carries; NaN (or null) where a fact is not known. Immutable; built from {@link #of} with the {@code with...} steps.
 *
 * @param statistic      what the value is: psi, ks, relative_drop, latency_p99_ms, silence_ms, a test's name...
 * @param measured       the metric itself when the value is a change of it
 * @param reference      what {@code measured} (or the value) was compared with: a baseline, the champion's value
 * @param lower          lower end of the confidence interval of {@code measured}
 * @param upper          upper end of that interval
 * @param confidence     confidence level of that interval, for example 0.95
 * @param higherIsBetter for a metric, whether a higher value is better; null when it does not apply
 * @param sampleSize     values, labels or requests in the window; null when not known
 * @param referenceSize  how many the reference (or the champion) held; null when not known
 * @param pValue         p-value of the test behind the value
 * @param since          event time a silence or an age counts from; null when it does not apply
 */
public record Facts(String statistic, double measured, double reference, double lower, double upper, double confidence,
                    Boolean higherIsBetter, Long sampleSize, Long referenceSize, double pValue, Long since) {

    /** Nothing known beyond the value. */
    public static final Facts NONE = new Facts(null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null,
            null, Double.NaN, null);

    /** The facts of a value that is {@code statistic}, nothing else known yet. */
    public static Facts of(String statistic) {
        return NONE.withStatistic(statistic);
    }

    public Facts withStatistic(String name) {
        return new Facts(name, measured, reference, lower, upper, confidence, higherIsBetter, sampleSize, referenceSize, pValue,
                since);
    }

    /** The metric behind the value and what it was compared with. */
    public Facts withMeasured(double metric, double comparedWith) {
        return new Facts(statistic, metric, comparedWith, lower, upper, confidence, higherIsBetter, sampleSize, referenceSize,
                pValue, since);
    }

    /** The confidence interval of the measured metric. */
    public Facts withInterval(double low, double high, double level) {
        return new Facts(statistic, measured, reference, low, high, level, higherIsBetter, sampleSize, referenceSize, pValue,
                since);
    }

    public Facts withHigherIsBetter(boolean higher) {
        return new Facts(statistic, measured, reference, lower, upper, confidence, higher, sampleSize, referenceSize, pValue,
                since);
    }

    public Facts withSampleSize(long size) {
        return new Facts(statistic, measured, reference, lower, upper, confidence, higherIsBetter, size, referenceSize, pValue,
                since);
    }

    public Facts withReferenceSize(long size) {
        return new Facts(statistic, measured, reference, lower, upper, confidence, higherIsBetter, sampleSize, size, pValue,
                since);
    }

    public Facts withPValue(double p) {
        return new Facts(statistic, measured, reference, lower, upper, confidence, higherIsBetter, sampleSize, referenceSize, p,
                since);
    }

    public Facts withSince(long eventTime) {
        return new Facts(statistic, measured, reference, lower, upper, confidence, higherIsBetter, sampleSize, referenceSize,
                pValue, eventTime);
    }
}
