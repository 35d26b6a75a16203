package io.shepherd.alerting.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.dispatch.GroupSnapshot;
import io.shepherd.alerting.mute.Muter;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.route.ReceiverSpec;
import io.shepherd.alerting.route.RoutingConfig;

/** One due group, per integration of its receiver: dedup against the notification log, notify, record. */
final class GroupFlush {

    private static final Logger log = LoggerFactory.getLogger(GroupFlush.class);

    private final RoutingConfig routing;
    private final NotificationLog nflog;
    private final Map<String, Notifier> integrations;
    private final RouterMetrics metrics;

    GroupFlush(RoutingConfig routing, NotificationLog nflog, Map<String, Notifier> integrations, RouterMetrics metrics) {
        this.routing = routing;
        this.nflog = nflog;
        this.integrations = integrations;
        this.metrics = metrics;
    }

    /** @return the resolved alerts every integration has dealt with, which may leave the group */
    List<Alert> flush(GroupSnapshot group, Muter muter, Instant now) {
        List<Alert> firing = group.alerts().stream().filter(a -> !a.resolved() && !muter.mutes(a, now)).toList();
        List<Alert> resolved = group.alerts().stream().filter(Alert::resolved).toList();
        ReceiverSpec receiver = routing.receiver(group.route().receiver());
        boolean allDone = true;
        for (ReceiverSpec.Integration integration : receiver.integrations()) {
            allDone &= notifyOne(group, receiver.name(), integration, firing, resolved, now);
        }
        return allDone ? resolved : List.of();
    }

    private boolean notifyOne(GroupSnapshot group, String receiver, ReceiverSpec.Integration integration, List<Alert> allFiring,
                              List<Alert> allResolved, Instant now) {
        String key = NotificationEntry.key(receiver, integration.type(), group.key());
        List<Alert> firing = allFiring.stream().filter(a -> integration.levels().contains(a.level())).toList();
        Optional<NotificationEntry> last = nflog.find(key);
        Map<String, String> previous = last.map(NotificationEntry::firing).orElse(Map.of());
        List<Alert> resolved = allResolved.stream().filter(a -> previous.containsKey(a.id())).toList();
        boolean changed = firing.stream().anyMatch(a -> !a.level().name().equals(previous.get(a.id())));
        boolean repeat = !changed && !firing.isEmpty() && last.isPresent()
                && !now.isBefore(last.get().sentAt().plus(group.route().repeatInterval()));
        if (!changed && resolved.isEmpty() && !repeat) {
            return true;
        }
        Notification notification = new Notification(group.key(), receiver, firing, resolved, previous, repeat);
        Delivery delivery = deliver(integration.type(), notification);
        String label = receiver + "/" + integration.type();
        if (delivery instanceof Delivery.Retryable failure) {
            log.warn("notifying {} about {} failed after retries, trying again at the next group interval: {}", label, group.key(), failure.reason());
            metrics.notification(receiver, integration.type(), "failed");
            return false;
        }
        String outcome = delivery instanceof Delivery.Rejected rejected ? "rejected: " + rejected.reason() : "delivered";
        if (delivery instanceof Delivery.Rejected rejected) {
            log.error("{} refused the notification about {} and it will not be retried: {}", label, group.key(), rejected.reason());
        }
        metrics.notification(receiver, integration.type(), delivery instanceof Delivery.Rejected ? "rejected" : "sent");
        nflog.record(new NotificationEntry(key, firing.stream().collect(Collectors.toMap(Alert::id, a -> a.level().name())), now, outcome));
        return true;
    }

    private Delivery deliver(String type, Notification notification) {
        Notifier notifier = integrations.get(type);
        if (notifier == null) {
            return new Delivery.Rejected(type + " is not configured (its URL or key is missing from the environment)");
        }
        try {
            return notifier.notify(notification);
        } catch (RuntimeException e) {
            return new Delivery.Retryable(type + " failed: " + e, Optional.empty());
        }
    }
}
