package io.shepherd.alerting.notify;

import java.time.Duration;
import java.util.Optional;

/** How a notification attempt ended: delivered, worth retrying (with the receiver's Retry-After), or refused for good. */
public sealed interface Delivery {

    record Delivered() implements Delivery {
    }

    record Retryable(String reason, Optional<Duration> retryAfter) implements Delivery {
    }

    record Rejected(String reason) implements Delivery {
    }

    Delivery DELIVERED = new Delivered();

    /** The worse of two outcomes, for a notification made of several requests: rejected over retryable over delivered. */
    static Delivery worse(Delivery a, Delivery b) {
        if (a instanceof Rejected) {
            return a;
        }
        if (b instanceof Rejected) {
            return b;
        }
        return a instanceof Retryable ? a : b;
    }
}
