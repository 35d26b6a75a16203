package io.shepherd.alerting.app;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready once the health topic is assigned and replayed; the shared topics were read before the listener started. */
@Component("alertPipeline")
class RouterHealth implements HealthIndicator {

    private final HealthReplay listener;

    RouterHealth(HealthReplay listener) {
        this.listener = listener;
    }

    @Override
    public Health health() {
        if (!listener.assigned() || listener.replaying()) {
            return Health.outOfService().withDetail("reason", "replaying the health topic").build();
        }
        return Health.up().build();
    }
}
