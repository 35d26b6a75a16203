package io.shepherd.alerting.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.RetryPolicy;

/**
 * What one lane owes its receiver and when it may try next: at most one attempt in flight, a retry not before its due
 * time, and every alert that passed the mute stage kept owed until the receiver took a notification. A lane exists
 * only while it has something to do; the notification log holds what was told. Not thread-safe: {@link Fanout}
 * guards it.
 */
final class Lane {

    private final LaneKey key;
    private Fanout.Attempt attempt;
    private final Set<String> requested = new LinkedHashSet<>();
    private final Set<String> owed = new LinkedHashSet<>();
    private boolean wanted;
    private boolean inFlight;
    private Instant retryAt;
    private Instant failingSince;
    private Instant lastFailureAt;
    private int failures;
    private String lastReason = "";

    Lane(LaneKey key) {
        this.key = key;
    }

    LaneKey key() {
        return key;
    }

    /** The group was due: these alert ids passed the mute stage, and this is how to tell the receiver. */
    void want(Set<String> audience, Fanout.Attempt how) {
        requested.addAll(audience);
        attempt = how;
        wanted = true;
    }

    /** Free, and either a retry has come due or, with no retry pending, the group asked for an attempt. */
    boolean startable(Instant now) {
        if (inFlight) {
            return false;
        }
        return retryAt != null ? !now.isBefore(retryAt) : wanted;
    }

    /** @return the alert ids this attempt is about: everything owed so far */
    Set<String> start() {
        inFlight = true;
        wanted = false;
        retryAt = null;
        owed.addAll(requested);
        requested.clear();
        return Set.copyOf(owed);
    }

    Fanout.Attempt attempt() {
        return attempt;
    }

    /**
     * @param outcome empty when there was nothing to tell
     * @return the wait before the retry, when one is needed
     */
    Optional<Duration> finished(Optional<Delivery> outcome, Instant startedAt, Instant now, RetryPolicy policy) {
        inFlight = false;
        if (outcome.isEmpty() || !outcome.get().retry()) {
            owed.clear();
            failures = 0;
            failingSince = null;
            return Optional.empty();
        }
        Delivery.Retryable failure = outcome.get() instanceof Delivery.Partial p ? p.failure() : (Delivery.Retryable) outcome.get();
        failures++;
        failingSince = failingSince == null ? startedAt : failingSince;
        lastFailureAt = now;
        lastReason = failure.reason();
        Duration wait = policy.backoff(failures, failure.retryAfter());
        retryAt = now.plus(wait);
        return Optional.of(wait);
    }

    boolean inFlight() {
        return inFlight;
    }

    boolean idle() {
        return !inFlight && !wanted && retryAt == null;
    }

    boolean failing() {
        return failures > 0;
    }

    int failures() {
        return failures;
    }

    Instant failingSince() {
        return failingSince;
    }

    Instant lastFailureAt() {
        return lastFailureAt;
    }

    String lastReason() {
        return lastReason;
    }
}
