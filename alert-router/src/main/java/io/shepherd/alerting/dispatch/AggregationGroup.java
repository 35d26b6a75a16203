package io.shepherd.alerting.dispatch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.route.Route;
import io.shepherd.events.HealthLevel;

/** The alerts that share a route and group-by values, and when they are next due to be notified. */
final class AggregationGroup {

    private final String key;
    private final Route route;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private Instant nextFlush;
    /** An alert newly at EMERGENCY since the last snapshot: it keeps the group due even if a flush ends meanwhile. */
    private boolean emergencyArrived;

    AggregationGroup(String key, Route route, Instant createdAt) {
        this.key = key;
        this.route = route;
        this.nextFlush = createdAt.plus(route.groupWait());
    }

    /** An alert that newly reaches EMERGENCY makes the group due at once: a rollback must not wait for a group interval. */
    void put(Alert alert, Instant now) {
        Alert before = alerts.put(alert.id(), alert);
        boolean newEmergency = alert.level() == HealthLevel.EMERGENCY && !alert.resolved()
                && (before == null || before.level() != HealthLevel.EMERGENCY || before.resolved());
        if (newEmergency) {
            emergencyArrived = true;
            if (now.isBefore(nextFlush)) {
                nextFlush = now;
            }
        }
    }

    boolean dueAt(Instant now) {
        return !now.isBefore(nextFlush);
    }

    Instant nextFlush() {
        return nextFlush;
    }

    GroupSnapshot snapshot() {
        emergencyArrived = false;
        return current();
    }

    GroupSnapshot current() {
        return new GroupSnapshot(key, route, List.copyOf(alerts.values()));
    }

    /**
     * Forgets the resolved alerts that were told, unless they fired again meanwhile, and waits a group interval; unless
     * an alert reached EMERGENCY while the group was being notified, which is due at once.
     */
    void flushed(Instant now, List<Alert> toldResolved) {
        for (Alert told : toldResolved) {
            alerts.computeIfPresent(told.id(), (id, current) -> current.resolved() ? null : current);
        }
        nextFlush = emergencyArrived ? now : now.plus(route.groupInterval());
    }

    void forget(java.util.function.Predicate<Alert> which) {
        alerts.values().removeIf(which);
    }

    boolean isEmpty() {
        return alerts.isEmpty();
    }
}
