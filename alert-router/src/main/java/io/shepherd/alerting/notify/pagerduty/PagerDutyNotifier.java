package io.shepherd.alerting.notify.pagerduty;

import java.net.URI;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.http.JsonPoster;

/**
 * Sends a trigger for every alert that is new or changed level and a resolve for every resolved one, each retried on
 * its own, so one refused event does not hold back the others.
 */
public final class PagerDutyNotifier implements Notifier {

    private final URI eventsUrl;
    private final String routingKey;
    private final String kibanaUrl;
    private final JsonPoster poster;

    public PagerDutyNotifier(URI eventsUrl, String routingKey, String kibanaUrl, JsonPoster poster) {
        this.eventsUrl = eventsUrl;
        this.routingKey = routingKey;
        this.kibanaUrl = kibanaUrl;
        this.poster = poster;
    }

    @Override
    public Delivery notify(Notification notification) {
        Delivery outcome = Delivery.DELIVERED;
        for (Alert alert : notification.changed()) {
            outcome = Delivery.worse(outcome, poster.post("PagerDuty", eventsUrl, PagerDutyEvent.trigger(routingKey, alert, kibanaUrl)));
        }
        for (Alert alert : notification.resolved()) {
            outcome = Delivery.worse(outcome, poster.post("PagerDuty", eventsUrl, PagerDutyEvent.resolve(routingKey, alert)));
        }
        return outcome;
    }

    /** Pages a human about something that needs one, such as a refused rollback. */
    public Delivery page(String dedupKey, String summary, String source, ObjectNode details) {
        return poster.post("PagerDuty", eventsUrl, PagerDutyEvent.page(routingKey, dedupKey, summary, source, details));
    }
}
