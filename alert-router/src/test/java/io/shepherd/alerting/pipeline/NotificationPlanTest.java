package io.shepherd.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.dispatch.GroupSnapshot;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.route.ReceiverSpec;
import io.shepherd.alerting.route.Route;
import io.shepherd.alerting.support.Alerts;
import io.shepherd.events.HealthLevel;

class NotificationPlanTest {

    private static final Instant NOW = Alerts.T0.plusSeconds(600);
    private static final Route ROUTE = new Route("root", List.of(), "owners", List.of("modelId"), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofHours(4), false, List.of());
    private static final ReceiverSpec.Integration SLACK = new ReceiverSpec.Integration("slack",
            Set.of(HealthLevel.WARNING, HealthLevel.CRITICAL, HealthLevel.EMERGENCY));
    private static final ReceiverSpec.Integration PAGERDUTY = new ReceiverSpec.Integration("pagerduty", Set.of(HealthLevel.CRITICAL, HealthLevel.EMERGENCY));

    private final Alert drift = Alerts.firing("m", "v2", "DRIFT", HealthLevel.WARNING);
    private final Alert emergency = Alerts.firing("m", "v2", "PERFORMANCE_DROP", HealthLevel.EMERGENCY);

    private static Optional<NotificationEntry> told(Map<String, String> firing) {
        return Optional.of(new NotificationEntry("owners/slack/g", firing, Alerts.T0, "delivered"));
    }

    @Test
    void anAlertMutedUnderAnEmergencyIsNotToldAgainButStaysInTheLogSoItsRollbackResolveIsTold() {
        GroupSnapshot group = new GroupSnapshot("g", ROUTE, List.of(drift, emergency));
        Notification muted = NotificationPlan.plan(group, "owners", SLACK, Set.of(emergency.id()), told(Map.of(drift.id(), "WARNING")), NOW).orElseThrow();

        assertThat(muted.firing()).containsExactly(emergency);
        assertThat(muted.resolved()).isEmpty();
        NotificationEntry entry = NotificationPlan.entry("owners/slack/g", muted, Delivery.DELIVERED, NOW);
        assertThat(entry.firing()).containsEntry(drift.id(), "WARNING").containsEntry(emergency.id(), "EMERGENCY");

        Alert rolledBack = drift.resolve("rollback", NOW.plusSeconds(30), "rolled back");
        GroupSnapshot after = new GroupSnapshot("g", ROUTE, List.of(rolledBack, emergency.resolve("rollback", NOW.plusSeconds(30), "rolled back")));
        Notification resolves = NotificationPlan.plan(after, "owners", SLACK, Set.of(), Optional.of(entry), NOW.plusSeconds(60)).orElseThrow();
        assertThat(resolves.resolved()).extracting(Alert::cause).containsExactlyInAnyOrder("DRIFT", "PERFORMANCE_DROP");
    }

    @Test
    void aPageThatFallsBelowTheIntegrationsLevelsIsResolvedThereWhileTheAlertGoesOnElsewhere() {
        Alert critical = Alerts.firing("m", "v2", "PERFORMANCE_DROP", HealthLevel.CRITICAL);
        Alert warning = Alerts.firing("m", "v2", "PERFORMANCE_DROP", HealthLevel.WARNING);
        GroupSnapshot group = new GroupSnapshot("g", ROUTE, List.of(warning));

        Notification pagerDuty = NotificationPlan.plan(group, "owners", PAGERDUTY, Set.of(warning.id()), told(Map.of(critical.id(), "CRITICAL")), NOW)
                .orElseThrow();

        assertThat(pagerDuty.firing()).isEmpty();
        assertThat(pagerDuty.resolved()).containsExactly(warning);
        assertThat(NotificationPlan.entry("k", pagerDuty, Delivery.DELIVERED, NOW).firing()).isEmpty();
    }
}
