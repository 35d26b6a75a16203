package io.shepherd.alerting.pipeline;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.dispatch.GroupSnapshot;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.route.ReceiverSpec;

/**
 * Alertmanager's dedup stage as pure functions: what one integration is to be told about its group, given what the
 * notification log says it was told; and what the log says once an attempt ended.
 */
final class NotificationPlan {

    private NotificationPlan() {
    }

    /**
     * An alert the integration was told about and that is now below the integration's levels (a CRITICAL page that
     * fell to WARNING) is told as resolved to it; one that is muted now is not told, but kept as told, so that its
     * resolve still reaches the integration when the version recovers or is rolled back.
     *
     * @param audience ids of the alerts that passed inhibition and silences when the group was due; of the group's
     *                 current alerts only these are told as firing, at their current level
     * @return empty when nothing changed, nothing resolved and no repeat is due
     */
    static Optional<Notification> plan(GroupSnapshot group, String receiver, ReceiverSpec.Integration integration, Set<String> audience,
                                       Optional<NotificationEntry> last, Instant now) {
        List<Alert> firing = group.alerts().stream()
                .filter(a -> !a.resolved() && audience.contains(a.id()) && integration.levels().contains(a.level())).toList();
        Map<String, String> previous = last.map(NotificationEntry::firing).orElse(Map.of());
        List<Alert> resolved = group.alerts().stream().filter(a -> previous.containsKey(a.id()) && (a.resolved()
                || audience.contains(a.id()) && !integration.levels().contains(a.level()))).toList();
        Map<String, String> quiet = new HashMap<>();
        group.alerts().stream().filter(a -> !a.resolved() && !audience.contains(a.id()) && previous.containsKey(a.id()))
                .forEach(a -> quiet.put(a.id(), previous.get(a.id())));
        boolean changed = firing.stream().anyMatch(a -> !a.level().name().equals(previous.get(a.id())));
        boolean repeat = !changed && !firing.isEmpty() && last.isPresent()
                && !now.isBefore(last.get().sentAt().plus(group.route().repeatInterval()));
        if (!changed && resolved.isEmpty() && !repeat) {
            return Optional.empty();
        }
        return Optional.of(new Notification(group.key(), receiver, firing, resolved, previous, repeat, quiet));
    }

    /**
     * The log entry after an attempt the receiver took in whole or in part: all it was told, or, after a partial
     * delivery, what it had been told before plus what it took this time. Never called for a plain retryable failure.
     */
    static NotificationEntry entry(String key, Notification notification, Delivery delivery, Instant now) {
        Map<String, String> told = new HashMap<>();
        if (delivery instanceof Delivery.Partial partial) {
            told.putAll(notification.previous());
            notification.firing().stream().filter(a -> partial.told().contains(a.id())).forEach(a -> told.put(a.id(), a.level().name()));
            notification.resolved().stream().filter(a -> partial.told().contains(a.id())).forEach(a -> told.remove(a.id()));
        } else {
            told.putAll(notification.quiet());
            notification.firing().forEach(a -> told.put(a.id(), a.level().name()));
        }
        return new NotificationEntry(key, told, now, outcome(delivery));
    }

    private static String outcome(Delivery delivery) {
        if (delivery instanceof Delivery.Rejected rejected) {
            return "rejected: " + rejected.reason();
        }
        if (delivery instanceof Delivery.Partial partial) {
            return "partly delivered, retrying the rest: " + partial.failure().reason();
        }
        return "delivered";
    }
}
