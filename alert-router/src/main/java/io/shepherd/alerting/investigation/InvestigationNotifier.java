package io.shepherd.alerting.investigation;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.AlertText;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.pagerduty.PagerDutyEvent;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.contract.Topics;
import io.shepherd.events.InvestigationOpened;

/** Opens an investigation (an {@code InvestigationOpened} event) for each alert that reaches its levels; a repeat opens none. */
public final class InvestigationNotifier implements Notifier {

    private final EventSink sink;
    private final boolean pagerDutyConfigured;

    public InvestigationNotifier(EventSink sink, boolean pagerDutyConfigured) {
        this.sink = sink;
        this.pagerDutyConfigured = pagerDutyConfigured;
    }

    @Override
    public Delivery notify(Notification notification) {
        if (notification.repeat()) {
            return Delivery.DELIVERED;
        }
        notification.changed().forEach(alert -> open(alert, AlertText.summary(alert)));
        return Delivery.DELIVERED;
    }

    public void open(Alert alert, String summary) {
        InvestigationOpened event = InvestigationOpened.newBuilder()
                .setInvestigationId(alert.id() + "/" + alert.healthEventId())
                .setAlertId(alert.id()).setModelId(alert.modelId()).setModelVersion(alert.modelVersion())
                .setLevel(alert.level()).setOpenedAt(alert.updatedAt()).setSummary(summary)
                .setPagerDutyDedupKey(pagerDutyConfigured ? PagerDutyEvent.dedupKey(alert) : null)
                .setHealthEventId(alert.healthEventId()).setEvidence(alert.evidence()).build();
        sink.publish(Topics.INVESTIGATIONS, alert.id(), event);
    }
}
