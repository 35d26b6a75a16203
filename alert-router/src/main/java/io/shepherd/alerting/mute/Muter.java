package io.shepherd.alerting.mute;

import java.time.Instant;

import io.shepherd.alerting.alert.Alert;

/** Alertmanager's one question for inhibitions and silences: should this firing alert be kept quiet now? */
public interface Muter {

    boolean mutes(Alert alert, Instant now);

    static Muter anyOf(Muter... muters) {
        return (alert, now) -> java.util.Arrays.stream(muters).anyMatch(m -> m.mutes(alert, now));
    }
}
