package io.shepherd.alerting.notify.slack;

import java.net.URI;

import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.http.JsonPoster;

/** Posts one Block Kit message per group notification to a Slack incoming webhook. */
public final class SlackNotifier implements Notifier {

    private final URI webhook;
    private final String kibanaUrl;
    private final JsonPoster poster;

    public SlackNotifier(URI webhook, String kibanaUrl, JsonPoster poster) {
        this.webhook = webhook;
        this.kibanaUrl = kibanaUrl;
        this.poster = poster;
    }

    @Override
    public Delivery notify(Notification notification) {
        return poster.post("Slack", webhook, SlackMessage.build(notification, kibanaUrl));
    }
}
