package io.shepherd.alerting.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How one notification attempt ended: delivered, worth retrying (with the receiver's Retry-After), refused for good,
 * or, for a notification made of several requests, partly delivered before a failure worth retrying.
 */
public sealed interface Delivery {

    record Delivered() implements Delivery {
    }

    record Retryable(String reason, Optional<Duration> retryAfter) implements Delivery {
    }

    record Rejected(String reason) implements Delivery {
    }

    /**
     * @param told    ids of the alerts the receiver took (or refused for good): they are not sent again
     * @param failure why the rest was not taken; they are retried
     */
    record Partial(Set<String> told, Retryable failure) implements Delivery {

        public Partial {
            told = Set.copyOf(told);
        }
    }

    Delivery DELIVERED = new Delivered();

    /** The worse of two final outcomes, for a notification made of several requests: rejected over delivered. */
    static Delivery worse(Delivery a, Delivery b) {
        if (a instanceof Rejected) {
            return a;
        }
        if (b instanceof Rejected) {
            return b;
        }
        return a instanceof Retryable ? a : b;
    }

    /** Why the attempt did not fully deliver; empty when it did. */
    default Optional<String> failureReason() {
        if (this instanceof Retryable r) {
            return Optional.of(r.reason());
        }
        if (this instanceof Rejected r) {
            return Optional.of(r.reason());
        }
        return this instanceof Partial p ? Optional.of(p.failure().reason()) : Optional.empty();
    }

    /** Whether the rest of the notification is to be tried again. */
    default boolean retry() {
        return this instanceof Retryable || this instanceof Partial;
    }

    /** The same outcome with every occurrence of a secret (a URL, a key) in its reason masked. */
    default Delivery without(String secret) {
        if (secret == null || secret.isEmpty()) {
            return this;
        }
        if (this instanceof Retryable r) {
            return new Retryable(r.reason().replace(secret, "***"), r.retryAfter());
        }
        if (this instanceof Rejected r) {
            return new Rejected(r.reason().replace(secret, "***"));
        }
        if (this instanceof Partial p) {
            return new Partial(p.told(), (Retryable) p.failure().without(secret));
        }
        return this;
    }
}
