package io.shepherd.alerting.pipeline;

import java.time.Duration;

import io.shepherd.alerting.alert.AlertChange;

/** What the router counts; the edge maps it to Micrometer. */
public interface RouterMetrics {

    void alertChanged(AlertChange.Kind kind);

    /** @param outcome sent, failed (gave up retrying, tried again next interval) or rejected (refused for good) */
    void notification(String receiver, String integration, String outcome);

    void retried(String receiver);

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
        public void retried(String receiver) {
        }

        @Override
        public void rollback(String outcome) {
        }

        @Override
        public void lag(Duration lag) {
        }
    };
}
