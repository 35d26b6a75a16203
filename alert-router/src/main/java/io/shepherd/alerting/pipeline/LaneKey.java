package io.shepherd.alerting.pipeline;

import io.shepherd.alerting.nflog.NotificationEntry;

/** One lane of the fan-out: an integration of a receiver, for one group (or one standalone notification). */
public record LaneKey(String receiver, String integration, String group) {

    /** The notification-log key of what this lane has told. */
    public String logKey() {
        return NotificationEntry.key(receiver, integration, group);
    }

    public String label() {
        return receiver + "/" + integration;
    }
}
