package io.shepherd.alerting.notify;

/** One integration: Slack, PagerDuty, the investigation topic or the rollback topic. */
public interface Notifier {

    Delivery notify(Notification notification);
}
