package io.shepherd.streams.performance.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The confidence intervals the tallies attach to their metrics. */
public final class Intervals {

    /** Only quantiles are used, so no random generator is needed. */
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Intervals() {
    }

    /** The two-sided standard normal quantile of a confidence level in (0, 1): 1.96 for 0.95. */
    public static double z(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    }

    /**
     * Wilson score interval of a proportion: centre (p + z²/2n) / (1 + z²/n), half-width
     * z / (1 + z²/n) · sqrt(p(1 - p)/n + z²/4n²). Stays inside [0, 1] and is honest for small n and p near 0 or 1.
     */
    public static Metric wilson(String name, long successes, long n, double confidence) {
        return wilson(name, successes, (double) n, confidence);
    }

    /** {@link #wilson(String, long, long, double)} for a number of trials that may be fractional; n &gt; 0. */
    static Metric wilson(String name, double successes, double n, double confidence) {
        if (!(n > 0)) {
            throw new IllegalArgumentException("a proportion needs trials, got n=" + n);
        }
        double z = z(confidence);
        double p = successes / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
        return new Metric(name, p, Math.max(0, centre - half), Math.min(1, centre + half), "wilson", true);
    }

    /** value ± z·se, clipped to [min, max]. */
    public static Metric normal(String name, double value, double se, double confidence, double min, double max,
            String method, boolean higherIsBetter) {
        double half = z(confidence) * se;
        return new Metric(name, value, Math.max(min, value - half), Math.min(max, value + half), method,
                higherIsBetter);
    }
}
