package io.shepherd.alerting.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.dispatch.GroupSnapshot;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.route.ReceiverSpec;
import io.shepherd.alerting.route.RoutingConfig;

/**
 * One attempt of one lane: the group as it is now, deduplicated against the notification log, told to the
 * integration, and recorded in the log once the integration took it (or refused it for good).
 */
final class GroupFlush {

    private static final Logger log = LoggerFactory.getLogger(GroupFlush.class);

    private final RoutingConfig routing;
    private final NotificationLog nflog;
    private final Map<String, Notifier> integrations;
    private final Function<String, Optional<GroupSnapshot>> groups;

    /** @param groups the current state of a group by key; empty once it is gone */
    GroupFlush(RoutingConfig routing, NotificationLog nflog, Map<String, Notifier> integrations, Function<String, Optional<GroupSnapshot>> groups) {
        this.routing = routing;
        this.nflog = nflog;
        this.integrations = integrations;
        this.groups = groups;
    }

    /** Whether the integration has anything to be told about the group, as it stands when it is due. */
    boolean hasNews(LaneKey lane, ReceiverSpec.Integration integration, GroupSnapshot group, Set<String> audience, Instant now) {
        return NotificationPlan.plan(group, lane.receiver(), integration, audience, nflog.find(lane.logKey()), now).isPresent();
    }

    /** Tells the integration what changed in the group now; empty when nothing did, or the group is gone. */
    Optional<Delivery> attempt(LaneKey lane, ReceiverSpec.Integration integration, Set<String> owed, Instant now) {
        Optional<Notification> notification = groups.apply(lane.group()).flatMap(group ->
                NotificationPlan.plan(group, lane.receiver(), integration, owed, nflog.find(lane.logKey()), now));
        if (notification.isEmpty()) {
            return Optional.empty();
        }
        Delivery delivery = deliver(integration.type(), notification.get());
        if (delivery instanceof Delivery.Rejected rejected) {
            log.error("{} refused the notification about {} and it will not be retried: {}", lane.label(), lane.group(), rejected.reason());
        }
        if (!(delivery instanceof Delivery.Retryable)) {
            nflog.record(NotificationPlan.entry(lane.logKey(), notification.get(), delivery, now));
        }
        return Optional.of(delivery);
    }

    /** The resolved alerts of the group that no integration of its receiver was told are firing: they may leave it. */
    List<Alert> settled(GroupSnapshot group) {
        ReceiverSpec receiver = routing.receiver(group.route().receiver());
        return group.alerts().stream().filter(Alert::resolved).filter(a -> receiver.integrations().stream().noneMatch(i ->
                nflog.find(NotificationEntry.key(receiver.name(), i.type(), group.key())).map(e -> e.firing().containsKey(a.id())).orElse(false)))
                .toList();
    }

    private Delivery deliver(String type, Notification notification) {
        Notifier notifier = integrations.get(type);
        if (notifier == null) {
            return new Delivery.Rejected(type + " is not configured (its URL or key is missing from the environment)");
        }
        return notifier.notify(notification);
    }
}
