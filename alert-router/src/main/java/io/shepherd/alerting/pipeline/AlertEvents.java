package io.shepherd.alerting.pipeline;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.alert.AlertChange;
import io.shepherd.contract.Topics;
import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.AlertTransition;

/** Publishes the alert lifecycle: {@code AlertFired} for firing and level changes, {@code AlertResolved}, keyed by alert id. */
final class AlertEvents {

    private final EventSink sink;

    AlertEvents(EventSink sink) {
        this.sink = sink;
    }

    void publish(AlertChange change) {
        Alert alert = change.alert();
        if (change.kind() == AlertChange.Kind.RESOLVED) {
            sink.publish(Topics.ALERTS, alert.id(), AlertResolved.newBuilder().setAlertId(alert.id()).setModelId(alert.modelId())
                    .setModelVersion(alert.modelVersion()).setLastLevel(alert.level()).setResolvedAt(alert.endsAt().orElseThrow())
                    .setHealthEventId(alert.healthEventId()).setReason(alert.resolveReason()).build());
            return;
        }
        sink.publish(Topics.ALERTS, alert.id(), AlertFired.newBuilder().setAlertId(alert.id()).setModelId(alert.modelId())
                .setModelVersion(alert.modelVersion()).setLevel(alert.level()).setTransition(AlertTransition.valueOf(change.kind().name()))
                .setFiredAt(alert.updatedAt()).setLabels(new java.util.HashMap<>(alert.labels()))
                .setHealthEventId(alert.healthEventId()).setEvidence(alert.evidence()).build());
    }
}
