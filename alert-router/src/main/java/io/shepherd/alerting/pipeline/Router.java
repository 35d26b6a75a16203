package io.shepherd.alerting.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.alert.AlertBook;
import io.shepherd.alerting.alert.AlertChange;
import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.dispatch.Dispatcher;
import io.shepherd.alerting.dispatch.GroupSnapshot;
import io.shepherd.alerting.mute.Inhibitor;
import io.shepherd.alerting.mute.Muter;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.route.RoutingConfig;

/**
 * The alert pipeline in Alertmanager's order: health changes become alerts, alerts are routed into groups; when a
 * group is due its alerts are inhibited and silenced, and each integration of the group's receiver is told what
 * changed since the notification log's last entry, with retries, and the entry is written once it was told.
 * Health changes and flushes may come from different threads.
 */
public final class Router {

    private final Object lock = new Object();
    private final AlertBook book;
    private final Dispatcher dispatcher;
    private final Muter muter;
    private final AlertEvents events;
    private final GroupFlush flush;
    private final RouterMetrics metrics;
    private final BiPredicate<String, String> stoppedServing;

    /**
     * @param muters       silences and rollbacks in progress; the routing file's inhibition rules are added here
     * @param integrations notifier per integration type; a type that is missing is reported on every notification
     * @param stoppedServing whether the lifecycle says a model version (model id, version) was rolled back or retired:
     *                       health changes about it are late news and open no alert
     */
    public Router(RoutingConfig routing, List<Muter> muters, NotificationLog nflog, Map<String, Notifier> integrations, EventSink sink,
                  RouterMetrics metrics, BiPredicate<String, String> stoppedServing) {
        this.book = new AlertBook(routing::labelsOf);
        this.dispatcher = new Dispatcher(routing.root());
        List<Muter> all = new ArrayList<>(muters);
        all.add(new Inhibitor(routing.inhibitRules(), this::firing));
        this.muter = Muter.anyOf(all.toArray(Muter[]::new));
        this.events = new AlertEvents(sink);
        this.flush = new GroupFlush(routing, nflog, integrations, metrics);
        this.metrics = metrics;
        this.stoppedServing = stoppedServing;
    }

    /** @param live false while replaying changes handled before a restart: the state is rebuilt, nothing is published */
    public void onHealthChange(HealthChange change, Instant now, boolean live) {
        if (stoppedServing.test(change.modelId(), change.modelVersion())) {
            return;
        }
        List<AlertChange> changes;
        synchronized (lock) {
            changes = book.apply(change);
            changes.forEach(c -> dispatcher.route(c.alert(), now));
        }
        announce(changes, live);
        if (live) {
            metrics.lag(Duration.between(change.eventTime(), now));
        }
    }

    /** A version stopped serving (rolled back, retired): its alerts resolve with that reason. */
    public void onVersionStopped(String modelId, String version, String eventId, Instant at, String reason, Instant now, boolean live) {
        List<AlertChange> changes;
        synchronized (lock) {
            changes = book.resolveVersion(modelId, version, eventId, at, reason);
            changes.forEach(c -> dispatcher.route(c.alert(), now));
        }
        announce(changes, live);
    }

    /**
     * Forgets the alerts of models whose health partition went to another instance, so this one neither repeats nor
     * contradicts what the new owner says about them.
     */
    public void release(java.util.function.Predicate<String> modelIds) {
        synchronized (lock) {
            book.forget(modelIds);
            dispatcher.forget(a -> modelIds.test(a.modelId()));
        }
    }

    /** Notifies every group that is due; call it from one thread only. */
    public void flushDue(Instant now) {
        List<GroupSnapshot> due;
        synchronized (lock) {
            due = dispatcher.due(now);
        }
        for (GroupSnapshot group : due) {
            List<Alert> toldResolved = flush.flush(group, muter, now);
            synchronized (lock) {
                dispatcher.flushed(group.key(), now, toldResolved);
            }
        }
    }

    public Optional<Instant> nextDue() {
        synchronized (lock) {
            return dispatcher.nextDue();
        }
    }

    public Collection<Alert> firing() {
        synchronized (lock) {
            return List.copyOf(book.firing());
        }
    }

    private void announce(List<AlertChange> changes, boolean live) {
        if (!live) {
            return;
        }
        for (AlertChange change : changes) {
            events.publish(change);
            metrics.alertChanged(change.kind());
        }
    }
}
