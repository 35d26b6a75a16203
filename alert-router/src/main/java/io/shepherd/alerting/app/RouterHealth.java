package io.shepherd.alerting.app;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.shepherd.alerting.pipeline.IntegrationStatus;
import io.shepherd.alerting.pipeline.Router;

/**
 * The pipeline's readiness: out of service while the health topic is assigned and replayed (the shared topics were
 * read before the listener started), down while any integration keeps failing, naming it, since when, after how many
 * attempts and why. A reason is the router's own words plus the receiver's answer, with URLs and keys masked.
 */
@Component("alertPipeline")
class RouterHealth implements HealthIndicator {

    private final HealthReplay listener;
    private final Router router;
    private final Clock clock;

    RouterHealth(HealthReplay listener, Router router, Clock clock) {
        this.listener = listener;
        this.router = router;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (!listener.assigned() || listener.replaying()) {
            return Health.outOfService().withDetail("reason", "replaying the health topic").build();
        }
        List<IntegrationStatus> status = router.notificationStatus();
        List<Map<String, Object>> failing = status.stream().filter(IntegrationStatus::failing).map(this::describe).toList();
        int pending = status.stream().mapToInt(IntegrationStatus::pending).sum();
        if (!failing.isEmpty()) {
            return Health.down().withDetail("reason", "notifications are failing").withDetail("failing", failing)
                    .withDetail("pendingNotifications", pending).build();
        }
        return Health.up().withDetail("pendingNotifications", pending).build();
    }

    private Map<String, Object> describe(IntegrationStatus s) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("receiver", s.receiver());
        detail.put("integration", s.integration());
        detail.put("since", s.failingSince().orElseThrow().toString());
        detail.put("failingForSeconds", s.failingFor(clock.instant()).toSeconds());
        detail.put("attempts", s.failedAttempts());
        detail.put("pending", s.pending());
        detail.put("lastReason", s.lastReason());
        return detail;
    }
}
