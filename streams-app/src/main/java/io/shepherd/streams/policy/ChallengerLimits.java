package io.shepherd.streams.policy;

/**
 * How a canary or shadow version is judged against the champion.
 *
 * @param alpha      family-wise significance level of the comparison tests, Bonferroni-corrected over the tests
 *                   of a window (0.05)
 * @param minSamples labelled predictions (or requests, for latency) each side needs before a verdict (200)
 */
public record ChallengerLimits(double alpha, int minSamples) {

    public ChallengerLimits {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("challenger.alpha must be in (0, 0.5), got " + alpha);
        }
        Checks.atLeast("challenger.minSamples", minSamples, 2);
    }
}
