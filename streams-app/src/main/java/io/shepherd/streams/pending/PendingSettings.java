package io.shepherd.streams.pending;

import java.time.Duration;

/**
 * How long, in event time, a record of a version no lifecycle event has announced yet waits for its DEPLOYED event,
 * and how many such records a task holds at most.
 */
public record PendingSettings(Duration maxWait, int maxHeld) {

    public static final PendingSettings DEFAULTS = new PendingSettings(Duration.ofMinutes(5), 10_000);

    public PendingSettings {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the wait of an unknown version's records cannot be negative: " + maxWait);
        }
        if (maxHeld < 1) {
            throw new IllegalArgumentException("at least one record of an unknown version must be held, got " + maxHeld);
        }
    }
}
