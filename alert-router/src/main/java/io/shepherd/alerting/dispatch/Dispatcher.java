package io.shepherd.alerting.dispatch;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.route.Route;

/**
 * Alertmanager's dispatcher without threads: alerts are routed into aggregation groups, and a group is due a group
 * wait after it was created, then every group interval; an alert newly at EMERGENCY makes its group due at once.
 * Time is whatever the caller says it is.
 */
public final class Dispatcher {

    private final Route root;
    private final Map<String, AggregationGroup> groups = new LinkedHashMap<>();

    public Dispatcher(Route root) {
        this.root = root;
    }

    public void route(Alert alert, Instant now) {
        for (Route route : root.match(alert.labels())) {
            String key = route.groupKey(alert.labels());
            groups.computeIfAbsent(key, k -> new AggregationGroup(k, route, now)).put(alert, now);
        }
    }

    public List<GroupSnapshot> due(Instant now) {
        return groups.values().stream().filter(g -> g.dueAt(now)).map(AggregationGroup::snapshot).toList();
    }

    /** The group as it stands now, without taking it as flushed; empty when there is no such group. */
    public Optional<GroupSnapshot> current(String key) {
        return Optional.ofNullable(groups.get(key)).map(AggregationGroup::current);
    }

    /** Records that a due group was handled at {@code now}; the resolved alerts that were told leave it. */
    public void flushed(String key, Instant now, List<Alert> toldResolved) {
        AggregationGroup group = groups.get(key);
        if (group == null) {
            return;
        }
        group.flushed(now, toldResolved);
        if (group.isEmpty()) {
            groups.remove(key);
        }
    }

    /** Takes alerts out of every group, for models this instance no longer owns. */
    public void forget(java.util.function.Predicate<Alert> which) {
        groups.values().forEach(g -> g.forget(which));
        groups.values().removeIf(AggregationGroup::isEmpty);
    }

    public Optional<Instant> nextDue() {
        return groups.values().stream().map(AggregationGroup::nextFlush).min(Comparator.naturalOrder());
    }

    public int groupCount() {
        return groups.size();
    }
}
