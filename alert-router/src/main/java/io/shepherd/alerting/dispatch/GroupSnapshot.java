package io.shepherd.alerting.dispatch;

import java.util.List;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.route.Route;

/** A group as it stands when it is due: its key, its route and its alerts, firing and resolved. */
public record GroupSnapshot(String key, Route route, List<Alert> alerts) {

    public GroupSnapshot {
        alerts = List.copyOf(alerts);
    }
}
