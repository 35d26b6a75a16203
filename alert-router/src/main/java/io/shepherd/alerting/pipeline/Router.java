package io.shepherd.alerting.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

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
import io.shepherd.alerting.notify.RetryPolicy;
import io.shepherd.alerting.route.ReceiverSpec;
import io.shepherd.alerting.route.RoutingConfig;

/**
 * The alert pipeline in Alertmanager's order: health changes become alerts, alerts are routed into groups; when a
 * group is due its alerts are inhibited and silenced, and each integration of the group's receiver gets its own lane
 * of the {@link Fanout}: told what changed since the notification log's last entry, retried until it takes it, and
 * the entry written once it did. Health changes, flushes and notifications may come from different threads.
 */
public final class Router {

    private final Object lock = new Object();
    private final RoutingConfig routing;
    private final AlertBook book;
    private final Dispatcher dispatcher;
    private final Muter muter;
    private final AlertEvents events;
    /** Alert changes taken into the book and not published yet, oldest first. */
    private final ArrayDeque<AlertChange> unannounced = new ArrayDeque<>();
    private final GroupFlush flush;
    private final Fanout fanout;
    private final RouterMetrics metrics;
    private final BiPredicate<String, String> stoppedServing;

    /** A router that notifies on the thread that calls {@link #flushDue}, with the default retry policy. */
    public Router(RoutingConfig routing, List<Muter> muters, NotificationLog nflog, Map<String, Notifier> integrations, EventSink sink,
                  RouterMetrics metrics, BiPredicate<String, String> stoppedServing) {
        this(routing, muters, nflog, integrations, sink, metrics, stoppedServing,
                new Fanout(Runnable::run, RetryPolicy.DEFAULT, Clock.systemUTC(), metrics));
    }

    /**
     * @param muters       silences and rollbacks in progress; the routing file's inhibition rules are added here
     * @param integrations notifier per integration type; a type that is missing is reported on every notification
     * @param stoppedServing whether the lifecycle says a model version (model id, version) was rolled back or retired:
     *                       health changes about it are late news and open no alert
     * @param fanout       runs the notifications, one lane per receiver, integration and group
     */
    public Router(RoutingConfig routing, List<Muter> muters, NotificationLog nflog, Map<String, Notifier> integrations, EventSink sink,
                  RouterMetrics metrics, BiPredicate<String, String> stoppedServing, Fanout fanout) {
        this.routing = routing;
        this.book = new AlertBook(routing::labelsOf);
        this.dispatcher = new Dispatcher(routing.root());
        List<Muter> all = new ArrayList<>(muters);
        all.add(new Inhibitor(routing.inhibitRules(), this::firing));
        this.muter = Muter.anyOf(all.toArray(Muter[]::new));
        this.events = new AlertEvents(sink);
        this.flush = new GroupFlush(routing, nflog, integrations, this::group);
        this.fanout = fanout;
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

    /**
     * Hands every due group to the lanes of its receiver's integrations and starts the attempts that are due, new ones
     * and retries; returns without waiting for any receiver. Call it from one thread only.
     */
    public void flushDue(Instant now) {
        List<GroupSnapshot> due;
        synchronized (lock) {
            due = dispatcher.due(now);
        }
        for (GroupSnapshot group : due) {
            List<Alert> settled = fanout.busyGroup(group.key()) ? List.of() : flush.settled(group);
            handOut(group, now);
            synchronized (lock) {
                dispatcher.flushed(group.key(), now, settled);
            }
        }
        fanout.pump(now);
    }

    /** Per receiver and integration with notifications pending: whether and since when it has been failing. */
    public List<IntegrationStatus> notificationStatus() {
        return fanout.status();
    }

    /** The mute stage runs here, once per due group; each lane then tells its integration about the alerts that passed. */
    private void handOut(GroupSnapshot group, Instant now) {
        ReceiverSpec receiver = routing.receiver(group.route().receiver());
        Set<String> audience = group.alerts().stream().filter(a -> !a.resolved() && !muter.mutes(a, now)).map(Alert::id)
                .collect(Collectors.toUnmodifiableSet());
        for (ReceiverSpec.Integration integration : receiver.integrations()) {
            LaneKey lane = new LaneKey(receiver.name(), integration.type(), group.key());
            if (fanout.busy(lane) || flush.hasNews(lane, integration, group, audience, now)) {
                fanout.request(lane, audience, (owed, at) -> flush.attempt(lane, integration, owed, at));
            }
        }
    }

    private Optional<GroupSnapshot> group(String key) {
        synchronized (lock) {
            return dispatcher.current(key);
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

    /**
     * Publishes the changes after any left over from a call that failed. The book has taken a change in before it is
     * published, so a publish that fails for a while ({@link EventSink.PublishFailed}: the registry or the broker
     * unavailable) must not lose it: the change waits here, the exception makes the listener deliver the record again,
     * and that delivery, which changes nothing in the book, publishes what waits. A change whose publish can never
     * succeed is dropped, and the listener dead-letters its record.
     */
    private void announce(List<AlertChange> changes, boolean live) {
        if (!live) {
            return;
        }
        synchronized (unannounced) {
            unannounced.addAll(changes);
            while (!unannounced.isEmpty()) {
                AlertChange next = unannounced.peekFirst();
                try {
                    events.publish(next);
                } catch (EventSink.PublishFailed mayPassLater) {
                    throw mayPassLater;
                } catch (RuntimeException never) {
                    // Publishing it again would fail again: the record behind it goes to the dead letters.
                    unannounced.removeFirst();
                    throw never;
                }
                unannounced.removeFirst();
                metrics.alertChanged(next.kind());
            }
        }
    }
}
