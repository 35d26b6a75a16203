package io.shepherd.simulator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run produced, as the report page draws it: plain rows, times in epoch milliseconds. Thread-safe appends;
 * {@link #snapshot} gives an immutable copy for rendering.
 */
public final class RunData {

    public record Drift(long t, String model, String version, String feature, String score, double value, double threshold, String verdict) {
    }

    public record Level(long t, String model, String version, String level, List<String> causes, String summary) {
    }

    public record Performance(long windowStart, long t, String model, String version, String metric, double value, Double baseline,
                              String verdict, int revision) {
    }

    public record AlertChange(long t, String alertId, String model, String version, String level, String change) {
    }

    public record Rollback(long t, String model, String from, String to, String reason, String keyId) {
    }

    public record Lifecycle(long t, String model, String type, String from, String to, String actor) {
    }

    /** An immutable copy of everything, in arrival order. */
    public record Snapshot(List<Drift> drift, List<Level> levels, List<Performance> performance, List<AlertChange> alerts,
                           List<Rollback> rollbacks, List<Lifecycle> lifecycle) {
    }

    private final List<Drift> drift = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<Performance> performance = new ArrayList<>();
    private final List<AlertChange> alerts = new ArrayList<>();
    private final List<Rollback> rollbacks = new ArrayList<>();
    private final List<Lifecycle> lifecycle = new ArrayList<>();

    public synchronized void add(Object row) {
        if (row instanceof Drift d) {
            drift.add(d);
        } else if (row instanceof Level l) {
            levels.add(l);
        } else if (row instanceof Performance p) {
            performance.add(p);
        } else if (row instanceof AlertChange a) {
            alerts.add(a);
        } else if (row instanceof Rollback r) {
            rollbacks.add(r);
        } else if (row instanceof Lifecycle l) {
            lifecycle.add(l);
        } else {
            throw new IllegalArgumentException("not a report row: " + row);
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(drift), List.copyOf(levels), List.copyOf(performance), List.copyOf(alerts), List.copyOf(rollbacks),
                List.copyOf(lifecycle));
    }
}
