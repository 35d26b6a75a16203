package io.shepherd.alerting.notify;

import java.util.List;
import java.util.Map;

import io.shepherd.alerting.alert.Alert;

/**
 * What one integration is told about one group: every firing alert it cares about, the resolved ones it had been
 * told were firing, and the levels it was told last time, so it can say what changed.
 *
 * @param previous alert id to level name, as recorded in the notification log
 * @param repeat   true when nothing changed and the repeat interval has passed
 * @param quiet    alerts the integration was told are firing that are still open but muted now (inhibited, silenced):
 *                 not told again, but still owed their resolve, so the log keeps them (id to the level told)
 */
public record Notification(String groupKey, String receiver, List<Alert> firing, List<Alert> resolved,
                           Map<String, String> previous, boolean repeat, Map<String, String> quiet) {

    public Notification {
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
        previous = Map.copyOf(previous);
        quiet = Map.copyOf(quiet);
    }

    public Notification(String groupKey, String receiver, List<Alert> firing, List<Alert> resolved, Map<String, String> previous,
                        boolean repeat) {
        this(groupKey, receiver, firing, resolved, previous, repeat, Map.of());
    }

    /** Firing alerts that are new or changed level since the last notification (all of them on a repeat). */
    public List<Alert> changed() {
        return repeat ? firing : firing.stream().filter(a -> !a.level().name().equals(previous.get(a.id()))).toList();
    }
}
