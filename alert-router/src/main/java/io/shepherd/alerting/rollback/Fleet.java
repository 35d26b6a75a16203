package io.shepherd.alerting.rollback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.mute.Muter;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;
import io.shepherd.lifecycle.ModelHistory;

/**
 * What the router knows about every model for rollbacks: its lifecycle history, whether its policy allows automatic
 * rollback, and the rollbacks requested or done. It mutes the alerts of a version whose rollback was requested until
 * the lifecycle says the version stopped serving.
 */
public final class Fleet implements Muter {

    private final Map<String, ModelHistory> histories = new HashMap<>();
    private final Map<String, Boolean> autoRollbackAllowed = new HashMap<>();
    private final Map<String, PastRollback> rollbacks = new HashMap<>();

    public synchronized void lifecycle(ModelLifecycle event) {
        histories.merge(event.getModelId(), ModelHistory.evolve(ModelHistory.empty(event.getModelId()), event),
                (old, fresh) -> ModelHistory.evolve(old, event));
        if (event.getType() == LifecycleEventType.ROLLED_BACK && event.getFromVersion() != null) {
            String key = event.getCausedBy() != null ? event.getCausedBy() : "lifecycle:" + event.getEventId();
            rollbacks.putIfAbsent(key, new PastRollback(key, event.getModelId(), event.getFromVersion(),
                    event.getToVersion() == null ? "" : event.getToVersion(), event.getEventTime(), false));
        }
    }

    public synchronized void rollbackRequested(RollbackRequested command) {
        rollbacks.put(command.getIdempotencyKey(), new PastRollback(command.getIdempotencyKey(), command.getModelId(),
                command.getFromVersion(), command.getToVersion(), command.getRequestedAt(), command.getDryRun()));
    }

    public synchronized void autoRollbackAllowed(String modelId, boolean allowed) {
        autoRollbackAllowed.put(modelId, allowed);
    }

    public synchronized boolean autoRollbackAllowed(String modelId) {
        return autoRollbackAllowed.getOrDefault(modelId, true);
    }

    public synchronized ModelHistory history(String modelId) {
        return histories.getOrDefault(modelId, ModelHistory.empty(modelId));
    }

    public synchronized List<PastRollback> past(String modelId) {
        return new ArrayList<>(rollbacks.values().stream().filter(r -> r.modelId().equals(modelId)).toList());
    }

    public synchronized boolean known(String idempotencyKey) {
        return rollbacks.containsKey(idempotencyKey);
    }

    /** A requested, not dry-run rollback of this version that the lifecycle has not yet shown done. */
    public synchronized boolean rollbackInProgress(String modelId, String version) {
        ModelHistory history = history(modelId);
        return rollbacks.values().stream()
                .filter(r -> !r.dryRun() && r.modelId().equals(modelId) && r.fromVersion().equals(version))
                .anyMatch(r -> history.version(version)
                        .map(v -> v.status() == ModelHistory.Status.SERVING && !Instant.ofEpochMilli(v.deployedAt()).isAfter(r.at()))
                        .orElse(true));
    }

    /** The lifecycle says this version was rolled back or retired and not deployed again. */
    public synchronized boolean stoppedServing(String modelId, String version) {
        return history(modelId).version(version)
                .map(v -> v.status() == ModelHistory.Status.ROLLED_BACK || v.status() == ModelHistory.Status.RETIRED).orElse(false);
    }

    @Override
    public boolean mutes(Alert alert, Instant now) {
        return rollbackInProgress(alert.modelId(), alert.modelVersion());
    }
}
