package io.shepherd.alerting.pipeline;

import java.time.Duration;

import io.shepherd.alerting.alert.AlertChange;

/** What the router counts; the edge maps it to Micrometer. */
public interface RouterMetrics {

    void alertChanged(AlertChange.Kind kind);

    /** A notification ended: @param outcome sent (taken) or rejected (refused for good) */
    void notification(String receiver, String integration, String outcome);

    /** An attempt to notify failed: refused, or worth retrying (then {@link #retried} follows). */
    void failed(String receiver, String integration);

    /** A failed attempt will be retried after a backoff. */
    void retried(String receiver, String integration);

    /** @param outcome issued, dry-run or refused */
    void rollback(String outcome);

    /** Time from a health change's event time to the moment the router took it in. */
    void lag(Duration lag);

    RouterMetrics NONE = new RouterMetrics() {
        @Override
        public void alertChanged(AlertChange.Kind kind) {
        }

        @Override
        public void notification(String receiver, String integration, String outcome) {
        }

        @Override
        public void failed(String receiver, String integration) {
        }

        @Override
        public void retried(String receiver, String integration) {
        }

        @Override
        public void rollback(String outcome) {
        }

        @Override
        public void lag(Duration lag) {
        }
    };
}
