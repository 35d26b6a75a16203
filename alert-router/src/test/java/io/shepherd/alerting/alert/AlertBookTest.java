package io.shepherd.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;

class AlertBookTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private final AlertBook book = new AlertBook(model -> Map.of("team", "risk"));

    private List<String> apply(int minutes, HealthLevel level, String... causes) {
        Instant at = T0.plusSeconds(60L * minutes);
        return book.apply(HealthChange.of(Events.health("m", "v1", Variant.CANARY, HealthLevel.NONE, level, at, causes))).stream()
                .map(c -> c.kind() + " " + c.alert().cause() + " " + c.alert().level()).toList();
    }

    @Test
    void eachCauseIsAnAlertThatFiresChangesLevelAndResolves() {
        assertThat(apply(0, HealthLevel.WARNING, "DRIFT")).containsExactly("FIRING DRIFT WARNING");
        assertThat(apply(1, HealthLevel.CRITICAL, "PERFORMANCE_DROP", "DRIFT"))
                .containsExactly("FIRING PERFORMANCE_DROP CRITICAL", "ESCALATED DRIFT CRITICAL");
        assertThat(apply(2, HealthLevel.CRITICAL, "PERFORMANCE_DROP", "DRIFT")).as("a restatement changes nothing").isEmpty();
        assertThat(apply(3, HealthLevel.WARNING, "PERFORMANCE_DROP")).containsExactly("DE_ESCALATED PERFORMANCE_DROP WARNING", "RESOLVED DRIFT CRITICAL");
        assertThat(apply(4, HealthLevel.NONE)).containsExactly("RESOLVED PERFORMANCE_DROP WARNING");
        assertThat(book.firing()).isEmpty();
    }

    @Test
    void anAlertKeepsItsIdAndStartWhileItsLevelChangesAndCarriesRoutingLabels() {
        apply(0, HealthLevel.WARNING, "DRIFT");
        apply(5, HealthLevel.EMERGENCY, "DRIFT");

        Alert alert = book.find("m:v1:DRIFT").orElseThrow();
        assertThat(alert.startsAt()).isEqualTo(T0);
        assertThat(alert.updatedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(alert.labels()).containsEntry("severity", "emergency").containsEntry("team", "risk").containsEntry("variant", "CANARY")
                .containsEntry("modelId", "m").containsEntry("modelVersion", "v1").containsEntry("cause", "DRIFT");
    }

    @Test
    void aLevelWithoutCausesStillFiresAndAStoppedVersionResolvesWithItsReason() {
        assertThat(apply(0, HealthLevel.CRITICAL)).containsExactly("FIRING UNSPECIFIED CRITICAL");

        List<AlertChange> resolved = book.resolveVersion("m", "v1", "e1", T0.plusSeconds(60), "rolled back");

        assertThat(resolved).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlertChange.Kind.RESOLVED);
            assertThat(c.alert().resolveReason()).isEqualTo("rolled back");
            assertThat(c.alert().endsAt()).contains(T0.plusSeconds(60));
        });
    }
}
