package io.shepherd.projections.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides from lag samples whether the projections keep up. Lag that is high for a while is not a failure (a
 * rebuild, a burst); lag that never went down during a whole window and ends above the tolerance is: it grows without
 * bound, so the dashboards fall further behind every minute.
 */
public final class LagHealth {

    public record Status(boolean healthy, String detail) {
    }

    private record Sample(Instant at, long lag) {
    }

    private final Duration window;
    private final long tolerance;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public LagHealth(Duration window, long tolerance) {
        this.window = window;
        this.tolerance = tolerance;
    }

    public synchronized void record(Instant at, long lag) {
        samples.addLast(new Sample(at, lag));
        while (samples.size() > 2 && !samples.getFirst().at().isAfter(at.minus(window))
                && !samples.stream().skip(1).findFirst().orElseThrow().at().isAfter(at.minus(window))) {
            samples.removeFirst();
        }
    }

    public synchronized Status evaluate() {
        if (samples.isEmpty()) {
            return new Status(true, "no lag measured yet");
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        String now = "lag " + last.lag() + " records";
        if (Duration.between(first.at(), last.at()).compareTo(window) < 0) {
            return new Status(true, now);
        }
        if (last.lag() > tolerance && last.lag() > first.lag() && neverDecreased()) {
            return new Status(false, now + ", grew from " + first.lag() + " without decreasing for " + window);
        }
        return new Status(true, now);
    }

    private boolean neverDecreased() {
        long previous = Long.MIN_VALUE;
        for (Sample s : samples) {
            if (s.lag() < previous) {
                return false;
            }
            previous = s.lag();
        }
        return true;
    }
}
