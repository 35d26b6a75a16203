package io.shepherd.alerting.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential backoff for receivers that answer 429 or 5xx: {@code initial}, doubled per attempt up to {@code max};
 * a Retry-After from the receiver wins when it asks for longer, up to {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration backoff(int attempt, Optional<Duration> retryAfter) {
        Duration exponential = initial.multipliedBy(1L << Math.min(attempt - 1, 20));
        Duration wait = exponential.compareTo(max) > 0 ? max : exponential;
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
        }
        return wait;
    }
}
