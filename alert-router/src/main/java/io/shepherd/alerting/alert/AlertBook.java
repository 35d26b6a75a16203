package io.shepherd.alerting.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The open alerts of every model version, folded from health changes: a cause that appears fires, a level change
 * escalates or de-escalates, a cause that disappears resolves. Replaying the same changes gives the same book.
 */
public final class AlertBook {

    private final Map<String, Map<String, Alert>> openByVersion = new HashMap<>();
    private final Function<String, Map<String, String>> modelLabels;

    /** @param modelLabels routing labels configured for a model id, such as its team */
    public AlertBook(Function<String, Map<String, String>> modelLabels) {
        this.modelLabels = modelLabels;
    }

    public List<AlertChange> apply(HealthChange change) {
        Map<String, Alert> open = openByVersion.computeIfAbsent(versionKey(change.modelId(), change.modelVersion()), k -> new LinkedHashMap<>());
        List<AlertChange> changes = new ArrayList<>();
        List<String> firing = change.firingCauses();
        for (String cause : firing) {
            Alert before = open.get(cause);
            if (before == null) {
                Alert fired = newAlert(change, cause);
                open.put(cause, fired);
                changes.add(new AlertChange(fired, AlertChange.Kind.FIRING));
            } else if (before.level() != change.level()) {
                Alert moved = before.withLevel(change.level(), change.evidence(), change.eventId(), change.eventTime());
                open.put(cause, moved);
                boolean up = change.level().compareTo(before.level()) > 0;
                changes.add(new AlertChange(moved, up ? AlertChange.Kind.ESCALATED : AlertChange.Kind.DE_ESCALATED));
            }
        }
        for (Alert stale : List.copyOf(open.values())) {
            if (!firing.contains(stale.cause())) {
                open.remove(stale.cause());
                changes.add(new AlertChange(stale.resolve(change.eventId(), change.eventTime(), "recovered"), AlertChange.Kind.RESOLVED));
            }
        }
        return changes;
    }

    /** Resolves every open alert of a version that stopped serving (rolled back or retired). */
    public List<AlertChange> resolveVersion(String modelId, String modelVersion, String eventId, Instant at, String reason) {
        Map<String, Alert> open = openByVersion.getOrDefault(versionKey(modelId, modelVersion), Map.of());
        List<AlertChange> changes = open.values().stream()
                .map(a -> new AlertChange(a.resolve(eventId, at, reason), AlertChange.Kind.RESOLVED)).toList();
        openByVersion.remove(versionKey(modelId, modelVersion));
        return changes;
    }

    /** Forgets the alerts of the models another instance now owns. */
    public void forget(Predicate<String> modelIds) {
        openByVersion.values().removeIf(open -> open.values().stream().anyMatch(a -> modelIds.test(a.modelId())));
    }

    public Collection<Alert> firing() {
        return openByVersion.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    public Optional<Alert> find(String alertId) {
        return firing().stream().filter(a -> a.id().equals(alertId)).findFirst();
    }

    private Alert newAlert(HealthChange change, String cause) {
        Map<String, String> labels = new HashMap<>(modelLabels.apply(change.modelId()));
        labels.put("modelId", change.modelId());
        labels.put("modelVersion", change.modelVersion());
        labels.put("cause", cause);
        labels.put("variant", change.variant());
        labels.put("severity", Alert.severity(change.level()));
        return new Alert(Alert.idOf(change.modelId(), change.modelVersion(), cause), change.modelId(), change.modelVersion(), cause,
                change.level(), labels, change.evidence(), change.eventId(), change.eventTime(), change.eventTime(), Optional.empty(), "");
    }

    private static String versionKey(String modelId, String modelVersion) {
        return modelId + "\u0000" + modelVersion;
    }
}
