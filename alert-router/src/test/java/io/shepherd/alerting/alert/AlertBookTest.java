package io.shepherd.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.support.Events;
import io.shepherd.alerting.mute.Inhibitor;
import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.route.RoutingYaml;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
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

    private List<String> sourced(int minutes, SourceHealth... sources) {
        Instant at = T0.plusSeconds(60L * minutes);
        return book.apply(HealthChange.of(Events.sourced("m", "v1", HealthLevel.NONE, at, "test", sources))).stream()
                .map(c -> c.kind() + " " + c.alert().cause() + " " + c.alert().level() + (c.alert().resolved() ? " " + c.alert().resolveReason() : ""))
                .toList();
    }

    private static SourceHealth drift(HealthLevel level) {
        return Events.source("drift", level, T0, "DRIFT");
    }

    private static SourceHealth performance(HealthLevel level, String... causes) {
        return Events.source("performance", level, T0, causes.length == 0 ? new String[] {"PERFORMANCE_DROP"} : causes);
    }

    @Test
    void aLowerSourcesCauseStaysFiringAtItsOwnLevelThroughAHigherSourcesEscalationAndRecovery() {
        assertThat(sourced(0, drift(HealthLevel.WARNING))).containsExactly("FIRING DRIFT WARNING");
        assertThat(sourced(1, performance(HealthLevel.CRITICAL), drift(HealthLevel.WARNING))).containsExactly("FIRING PERFORMANCE_DROP CRITICAL");
        assertThat(sourced(2, performance(HealthLevel.EMERGENCY), drift(HealthLevel.WARNING))).containsExactly("ESCALATED PERFORMANCE_DROP EMERGENCY");
        assertThat(sourced(3, performance(HealthLevel.CRITICAL), drift(HealthLevel.WARNING))).containsExactly("DE_ESCALATED PERFORMANCE_DROP CRITICAL");
        assertThat(sourced(4, drift(HealthLevel.WARNING))).containsExactly("RESOLVED PERFORMANCE_DROP CRITICAL recovered");

        assertThat(book.find("m:v1:DRIFT")).hasValueSatisfying(a -> {
            assertThat(a.level()).isEqualTo(HealthLevel.WARNING);
            assertThat(a.startsAt()).as("never re-fired").isEqualTo(T0);
            assertThat(a.label("source")).isEqualTo("drift");
        });
        assertThat(sourced(5)).containsExactly("RESOLVED DRIFT WARNING recovered");
    }

    @Test
    void aCauseResolvesAsRecoveredOnlyWhenNoSourceHoldsItAndEachAlertCarriesItsOwnSourcesEvidence() {
        sourced(0, drift(HealthLevel.WARNING), performance(HealthLevel.CRITICAL));

        assertThat(book.find("m:v1:DRIFT").orElseThrow().evidence().getSummary()).isEqualTo("drift WARNING");
        assertThat(book.find("m:v1:PERFORMANCE_DROP").orElseThrow().evidence().getSummary()).isEqualTo("performance CRITICAL");
        assertThat(sourced(1, drift(HealthLevel.WARNING), performance(HealthLevel.CRITICAL))).as("a restatement changes nothing").isEmpty();
        assertThat(sourced(2, performance(HealthLevel.CRITICAL))).containsExactly("RESOLVED DRIFT WARNING recovered");
    }

    @Test
    void aSourceHoldingTwoCausesMovesThemTogetherAndACauseHeldByTwoSourcesTakesTheHigherLevel() {
        assertThat(sourced(0, Events.source("serving", HealthLevel.CRITICAL, T0, "LATENCY_SLA", "ERROR_RATE")))
                .containsExactly("FIRING LATENCY_SLA CRITICAL", "FIRING ERROR_RATE CRITICAL");
        assertThat(sourced(1, Events.source("serving", HealthLevel.CRITICAL, T0, "LATENCY_SLA"), Events.source("other", HealthLevel.EMERGENCY, T0, "LATENCY_SLA")))
                .containsExactly("ESCALATED LATENCY_SLA EMERGENCY", "RESOLVED ERROR_RATE CRITICAL recovered");
    }

    @Test
    void aRollbackResolvesEveryCauseOfTheVersionWithThatReasonWhateverItsSource() {
        sourced(0, drift(HealthLevel.WARNING), performance(HealthLevel.EMERGENCY));

        List<String> resolved = book.resolveVersion("m", "v1", "rollback-1", T0.plusSeconds(90), "rolled back").stream()
                .map(c -> c.kind() + " " + c.alert().cause() + " " + c.alert().resolveReason()).toList();

        assertThat(resolved).containsExactlyInAnyOrder("RESOLVED DRIFT rolled back", "RESOLVED PERFORMANCE_DROP rolled back");
        assertThat(book.firing()).isEmpty();
    }

    @Test
    void replayingTheSameChangesGivesTheSameBook() {
        List<ModelHealthChanged> history = List.of(
                Events.sourced("m", "v1", HealthLevel.NONE, T0, "drift", drift(HealthLevel.WARNING)),
                Events.sourced("m", "v1", HealthLevel.WARNING, T0.plusSeconds(60), "performance", performance(HealthLevel.CRITICAL), drift(HealthLevel.WARNING)),
                Events.sourced("m", "v1", HealthLevel.CRITICAL, T0.plusSeconds(120), "performance", performance(HealthLevel.EMERGENCY), drift(HealthLevel.WARNING)),
                Events.sourced("m", "v2", HealthLevel.NONE, T0.plusSeconds(150), "serving", Events.source("serving", HealthLevel.CRITICAL, T0, "LATENCY_SLA")),
                Events.sourced("m", "v1", HealthLevel.EMERGENCY, T0.plusSeconds(180), "performance", performance(HealthLevel.CRITICAL), drift(HealthLevel.WARNING)));
        AlertBook live = new AlertBook(model -> Map.of("team", "risk"));
        AlertBook replayed = new AlertBook(model -> Map.of("team", "risk"));

        history.forEach(e -> live.apply(HealthChange.of(e)));
        history.forEach(e -> replayed.apply(HealthChange.of(e)));

        assertThat(replayed.firing()).containsExactlyInAnyOrderElementsOf(live.firing()).hasSize(3);
    }

    @Test
    void inhibitionMutesTheLowerCauseWithoutResolvingItAndReleasesItWhenTheHigherOneLeaves() throws Exception {
        RoutingConfig routing = RoutingYaml.parse(new String(getClass().getResourceAsStream("/io/shepherd/alerting/default-routing.yml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        Inhibitor inhibitor = new Inhibitor(routing.inhibitRules(), book::firing);
        sourced(0, drift(HealthLevel.WARNING), performance(HealthLevel.EMERGENCY));
        Alert drift = book.find("m:v1:DRIFT").orElseThrow();

        assertThat(inhibitor.mutes(drift, T0)).as("muted under the EMERGENCY").isTrue();
        assertThat(drift.resolved()).isFalse();
        assertThat(book.firing()).extracting(Alert::cause).containsExactlyInAnyOrder("DRIFT", "PERFORMANCE_DROP");

        sourced(1, drift(HealthLevel.WARNING), performance(HealthLevel.CRITICAL));
        assertThat(inhibitor.mutes(book.find("m:v1:DRIFT").orElseThrow(), T0)).as("heard again once nothing is at EMERGENCY").isFalse();
    }
}
