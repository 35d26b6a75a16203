package io.shepherd.alerting.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.pipeline.RouterMetrics;
import io.shepherd.alerting.support.Alerts;
import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;

class RollbackNotifierTest {

    private final List<SpecificRecord> published = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final Fleet fleet = new Fleet();

    private RollbackNotifier notifier(Optional<RollbackSigner> signer, boolean dryRun) {
        return new RollbackNotifier(fleet, signer, new GuardrailPolicy(true, Duration.ofHours(1), 3, dryRun),
                (topic, key, event) -> published.add(event), (alert, reason) -> refusals.add(alert.id() + ": " + reason), RouterMetrics.NONE);
    }

    private static Notification emergencies(Alert... alerts) {
        return new Notification("g", "r", List.of(alerts), List.of(), Map.of(), false);
    }

    private void deployV1V2() {
        fleet.lifecycle(Events.deployed("m", "v1", Variant.CHAMPION, Alerts.T0.minus(Duration.ofDays(2))));
        fleet.lifecycle(Events.deployed("m", "v2", Variant.CHAMPION, Alerts.T0.minus(Duration.ofDays(1))));
    }

    @Test
    void oneSignedCommandPerVersionEvenWithSeveralEmergencyCausesAndNoneWhenItIsKnownAlready() {
        deployV1V2();
        RollbackSigner signer = new RollbackSigner("key", "k1");
        RollbackNotifier rollback = notifier(Optional.of(signer), false);
        Notification notification = emergencies(Alerts.firing("m", "v2", "PERFORMANCE_DROP", HealthLevel.EMERGENCY),
                Alerts.firing("m", "v2", "DRIFT", HealthLevel.EMERGENCY));

        rollback.notify(notification);
        rollback.notify(notification);

        assertThat(published).singleElement().satisfies(event -> {
            RollbackRequested command = (RollbackRequested) event;
            assertThat(command.getFromVersion()).isEqualTo("v2");
            assertThat(command.getToVersion()).isEqualTo("v1");
            assertThat(signer.verify(command)).isTrue();
        });
        assertThat(fleet.rollbackInProgress("m", "v2")).isTrue();
    }

    @Test
    void aDryRunRecordsTheCommandButMutesNothing() {
        deployV1V2();
        notifier(Optional.of(new RollbackSigner("key", "k1")), true).notify(emergencies(Alerts.firing("m", "v2", "DRIFT", HealthLevel.EMERGENCY)));

        assertThat(((RollbackRequested) published.get(0)).getDryRun()).isTrue();
        assertThat(fleet.rollbackInProgress("m", "v2")).isFalse();
    }

    @Test
    void withoutASigningKeyOrAKnownGoodVersionAHumanIsToldWhy() {
        notifier(Optional.empty(), false).notify(emergencies(Alerts.firing("m", "v2", "DRIFT", HealthLevel.EMERGENCY)));
        notifier(Optional.of(new RollbackSigner("key", "k1")), false).notify(emergencies(Alerts.firing("n", "v1", "DRIFT", HealthLevel.EMERGENCY)));

        assertThat(published).isEmpty();
        assertThat(refusals).containsExactly("m:v2:DRIFT: no rollback signing key is configured (SHEPHERD_ROLLBACK_HMAC_KEY)",
                "n:v1:DRIFT: no known-good version of n before v1 in the lifecycle history");
    }
}
