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

import io.shepherd.contract.HeldCauses;

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

    /**
     * Folds one health change in: each cause held by a source fires at that source's level, follows it up and down, and
     * resolves as "recovered" only when no source holds it any more. A higher cause never resolves a lower one; hiding
     * it is left to inhibition.
     */
    public List<AlertChange> apply(HealthChange change) {
        Map<String, Alert> open = openByVersion.computeIfAbsent(versionKey(change.modelId(), change.modelVersion()), k -> new LinkedHashMap<>());
        List<AlertChange> changes = new ArrayList<>();
        Map<String, HeldCauses.Held> firing = change.firingCauses();
        for (HeldCauses.Held held : firing.values()) {
            Alert before = open.get(held.cause());
            if (before == null) {
                Alert fired = newAlert(change, held);
                open.put(held.cause(), fired);
                changes.add(new AlertChange(fired, AlertChange.Kind.FIRING));
            } else if (before.level() != held.level()) {
                Alert moved = before.withLevel(held.level(), held.evidence(), change.eventId(), change.eventTime());
                open.put(held.cause(), moved);
                boolean up = held.level().compareTo(before.level()) > 0;
                changes.add(new AlertChange(moved, up ? AlertChange.Kind.ESCALATED : AlertChange.Kind.DE_ESCALATED));
            }
        }
        for (Alert stale : List.copyOf(open.values())) {
            if (!firing.containsKey(stale.cause())) {
                open.remove(stale.cause());
                changes.add(new AlertChange(stale.resolve(change.eventId(), change.eventTime(), "recovered"), AlertChange.Kind.RESOLVED));
            }
        }
        if (open.isEmpty()) {
            openByVersion.remove(versionKey(change.modelId(), change.modelVersion()));
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

    private Alert newAlert(HealthChange change, HeldCauses.Held held) {
        Map<String, String> labels = new HashMap<>(modelLabels.apply(change.modelId()));
        labels.put("modelId", change.modelId());
        labels.put("modelVersion", change.modelVersion());
        labels.put("cause", held.cause());
        labels.put("source", held.source());
        labels.put("variant", change.variant());
        labels.put("severity", Alert.severity(held.level()));
        return new Alert(Alert.idOf(change.modelId(), change.modelVersion(), held.cause()), change.modelId(), change.modelVersion(),
                held.cause(), held.level(), labels, held.evidence(), change.eventId(), change.eventTime(), change.eventTime(),
                Optional.empty(), "");
    }

    private static String versionKey(String modelId, String modelVersion) {
        return modelId + "\u0000" + modelVersion;
    }
}
