package io.shepherd.alerting.investigation;

import java.util.function.BiPredicate;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.AlertText;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.pagerduty.PagerDutyEvent;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.rollback.RollbackNotifier;
import io.shepherd.contract.Topics;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.InvestigationOpened;

/**
 * Opens an investigation (an {@code InvestigationOpened} event) for each alert that reaches its levels, CRITICAL or
 * EMERGENCY; a repeat opens none. At EMERGENCY, when the same receiver also rolls back, it names the idempotency key
 * of the rollback command decided for that alert, so the on-call engineer can follow both.
 */
public final class InvestigationNotifier implements Notifier {

    private final EventSink sink;
    private final boolean pagerDutyConfigured;
    private final BiPredicate<String, HealthLevel> rollsBack;

    /** @param rollsBack whether a receiver (by name) has the rollback integration for a level */
    public InvestigationNotifier(EventSink sink, boolean pagerDutyConfigured, BiPredicate<String, HealthLevel> rollsBack) {
        this.sink = sink;
        this.pagerDutyConfigured = pagerDutyConfigured;
        this.rollsBack = rollsBack;
    }

    @Override
    public Delivery notify(Notification notification) {
        if (notification.repeat()) {
            return Delivery.DELIVERED;
        }
        for (Alert alert : notification.changed()) {
            boolean rollback = alert.level() == HealthLevel.EMERGENCY && rollsBack.test(notification.receiver(), alert.level());
            open(alert, AlertText.summary(alert), rollback ? RollbackNotifier.idempotencyKey(alert) : null);
        }
        return Delivery.DELIVERED;
    }

    /**
     * An investigation of its own for a rollback the guardrails refused, so a human takes over: it names the refused
     * command's idempotency key and the reason.
     */
    public void rollbackRefused(Alert alert, String reason) {
        publish(alert, "/rollback-refused", "automatic rollback refused: " + reason + "; " + AlertText.summary(alert),
                RollbackNotifier.idempotencyKey(alert));
    }

    private void open(Alert alert, String summary, String rollbackKey) {
        publish(alert, "", summary, rollbackKey);
    }

    private void publish(Alert alert, String idSuffix, String summary, String rollbackKey) {
        InvestigationOpened event = InvestigationOpened.newBuilder()
                .setInvestigationId(alert.id() + "/" + alert.healthEventId() + idSuffix)
                .setAlertId(alert.id()).setModelId(alert.modelId()).setModelVersion(alert.modelVersion())
                .setLevel(alert.level()).setOpenedAt(alert.updatedAt()).setSummary(summary)
                .setPagerDutyDedupKey(pagerDutyConfigured ? PagerDutyEvent.dedupKey(alert) : null)
                .setHealthEventId(alert.healthEventId()).setEvidence(alert.evidence())
                .setRollbackIdempotencyKey(rollbackKey).build();
        sink.publish(Topics.INVESTIGATIONS, alert.id(), event);
    }
}
