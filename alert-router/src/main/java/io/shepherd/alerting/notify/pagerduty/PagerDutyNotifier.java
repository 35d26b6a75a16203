package io.shepherd.alerting.notify.pagerduty;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.http.JsonPoster;

/**
 * Sends a trigger for every alert that is new or changed level and a resolve for every resolved one, one request per
 * alert. A refused event does not hold back the others; a failure worth retrying stops the attempt (PagerDuty is
 * throttling or down), and the outcome names the alerts PagerDuty already took, so a retry sends only the rest.
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

    private record Event(Alert alert, String body) {
    }

    @Override
    public Delivery notify(Notification notification) {
        Set<String> told = new LinkedHashSet<>();
        Delivery outcome = Delivery.DELIVERED;
        for (Event event : events(notification)) {
            Delivery sent = post(event.body());
            if (sent instanceof Delivery.Retryable failure) {
                return told.isEmpty() ? failure : new Delivery.Partial(told, withRefusal(failure, outcome));
            }
            told.add(event.alert().id());
            outcome = Delivery.worse(outcome, sent);
        }
        return outcome;
    }

    /** Pages a human about something that needs one, such as a refused rollback. */
    public Delivery page(String dedupKey, String summary, String source, ObjectNode details) {
        return post(PagerDutyEvent.page(routingKey, dedupKey, summary, source, details));
    }

    private List<Event> events(Notification notification) {
        List<Event> events = new ArrayList<>();
        notification.changed().forEach(a -> events.add(new Event(a, PagerDutyEvent.trigger(routingKey, a, kibanaUrl))));
        notification.resolved().forEach(a -> events.add(new Event(a, PagerDutyEvent.resolve(routingKey, a))));
        return events;
    }

    private Delivery post(String body) {
        return poster.post("PagerDuty", eventsUrl, body).without(routingKey);
    }

    private static Delivery.Retryable withRefusal(Delivery.Retryable failure, Delivery before) {
        return before instanceof Delivery.Rejected refused
                ? new Delivery.Retryable(failure.reason() + " (before that it refused one for good: " + refused.reason() + ")", failure.retryAfter())
                : failure;
    }
}
