package io.shepherd.projections.sink;

import java.time.Duration;

/** Exponential backoff between attempts to write to Elasticsearch again, reset by the first success. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait before the next attempt, doubling with each failure in a row up to the maximum. */
    public synchronized Duration next() {
        int shift = Math.min(failures, 30);
        failures++;
        long millis = initial.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    public synchronized void reset() {
        failures = 0;
    }

    public synchronized int failuresInARow() {
        return failures;
    }
}
