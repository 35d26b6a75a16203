package io.shepherd.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;

/** Where each cause of a health event stands, as the router and the demo both read it. */
class HeldCausesTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void eachCauseIsHeldAtItsOwnSourcesLevelAndTheHigherOneWhenTwoSourcesHoldIt() {
        ModelHealthChanged event = event(HealthLevel.EMERGENCY, List.of("PERFORMANCE_DROP"), List.of(
                source("drift", HealthLevel.WARNING, "DRIFT", "DATA_QUALITY"),
                source("performance", HealthLevel.EMERGENCY, "PERFORMANCE_DROP", "DRIFT"),
                source("serving", HealthLevel.NONE, "LATENCY")));

        assertThat(HeldCauses.of(event).values()).extracting(h -> h.cause() + " " + h.level() + " " + h.source())
                .containsExactly("DRIFT EMERGENCY performance", "DATA_QUALITY WARNING drift", "PERFORMANCE_DROP EMERGENCY performance");
    }

    @Test
    void aSourceAboveNoneThatNamesNoCauseHoldsUnspecified() {
        assertThat(HeldCauses.of(event(HealthLevel.CRITICAL, List.of(), List.of(source("liveness", HealthLevel.CRITICAL)))))
                .containsOnlyKeys(HeldCauses.UNSPECIFIED);
    }

    @Test
    void anEventFromBeforeSourcesWereListedHoldsItsCausesAtTheOverallLevel() {
        assertThat(HeldCauses.of(event(HealthLevel.CRITICAL, List.of("NO_DATA"), List.of())).get("NO_DATA"))
                .satisfies(h -> assertThat(h.level() + " " + h.source()).isEqualTo("CRITICAL overall"));
        assertThat(HeldCauses.of(event(HealthLevel.NONE, List.of(), List.of()))).isEmpty();
    }

    private static ModelHealthChanged event(HealthLevel level, List<String> causes, List<SourceHealth> sources) {
        return ModelHealthChanged.newBuilder().setEventId("health:m:v1:" + level).setModelId("m").setModelVersion("v1")
                .setVariant(Variant.CHAMPION).setEventTime(AT).setPreviousLevel(HealthLevel.NONE).setLevel(level).setCauses(causes)
                .setHeartbeat(false).setEvidence(evidence(level.name())).setSources(sources).setChangedSource(null).build();
    }

    private static SourceHealth source(String name, HealthLevel level, String... causes) {
        return SourceHealth.newBuilder().setSource(name).setLevel(level).setCauses(List.of(causes)).setSince(AT)
                .setEvidence(evidence(name)).build();
    }

    private static Evidence evidence(String summary) {
        return Evidence.newBuilder().setWindowStart(AT.minusSeconds(60)).setWindowEnd(AT).setReferenceId(null).setSummary(summary)
                .setItems(List.of()).setSourceEventIds(List.of()).build();
    }
}
