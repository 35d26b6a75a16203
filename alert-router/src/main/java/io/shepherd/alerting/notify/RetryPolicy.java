package io.shepherd.alerting.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential backoff for receivers that answer 429 or 5xx or cannot be reached: {@code initial}, doubled per failed
 * attempt up to {@code max}; a Retry-After from the receiver wins when it asks for longer, up to {@code maxRetryAfter}.
 * There is no last attempt: a notification is retried for as long as it fails.
 */
public record RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));

    public RetryPolicy {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < initial <= max and a maxRetryAfter >= 0, got " + initial + ", " + max + ", " + maxRetryAfter);
        }
    }

    /** This policy with no wait longer than {@code longest}, whatever a receiver asks for. */
    public RetryPolicy atMost(Duration longest) {
        Duration cappedMax = max.compareTo(longest) > 0 ? longest : max;
        return new RetryPolicy(initial.compareTo(cappedMax) > 0 ? cappedMax : initial, cappedMax,
                maxRetryAfter.compareTo(longest) > 0 ? longest : maxRetryAfter);
    }

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration backoff(int attempt, Optional<Duration> retryAfter) {
        Duration exponential = initial.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
        Duration wait = exponential.compareTo(max) > 0 ? max : exponential;
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
        }
        return wait;
    }
}
