package io.shepherd.streams.health;

import static io.shepherd.events.HealthLevel.CRITICAL;
import static io.shepherd.events.HealthLevel.NONE;
import static io.shepherd.events.HealthLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Variant;

class HealthEventsTest {

    private static final long T0 = 1_764_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void theIdNamesTheOverallLevelTheTimeAndTheSourceAndSaysHeartbeat() {
        Signal psi = drift(0.31);
        HealthAnnouncement change = announce(NONE, WARNING, false, "drift", psi);
        HealthAnnouncement beat = announce(WARNING, WARNING, true, "serving", psi);

        assertThat(HealthEvents.eventId("fraud", "v7", change)).isEqualTo("health:fraud:v7:WARNING:" + T0 + ":drift");
        assertThat(HealthEvents.eventId("fraud", "v7", beat)).isEqualTo("health:fraud:v7:WARNING:" + T0 + ":serving:heartbeat");
    }

    @Test
    void theSummaryStatesTheTopFactWithoutRawDoubles() {
        EvidenceItem item = HealthEvents.item(drift(6.413414274320429));

        Evidence evidence = Evidence.newBuilder().setWindowStart(Instant.ofEpochMilli(T0 - HOUR)).setWindowEnd(Instant.ofEpochMilli(T0))
                .setSummary("").setItems(List.of(item)).build();

        assertThat(HealthEvents.summaryOf(evidence)).startsWith("drift in amount, PSI 6.41 (limit 0.20), 1,194 values vs 600 in the reference, ");
    }

    @Test
    void unknownFactsAreNullAndASignalWithoutAFiniteValueIsNoItem() {
        Signal noBaseline = new Signal(Signal.PERFORMANCE_DROP, NONE, "accuracy", Double.NaN, 0.05, "no baseline",
                Facts.of("relative_drop").withMeasured(0.9, Double.NaN));
        Signal canary = new Signal(Signal.CANARY_WORSE, CRITICAL, "accuracy", 0.12, Double.NaN, "two_proportion_z WORSE",
                Facts.of("two_proportion_z").withPValue(1e-4));

        EvidenceItem item = HealthEvents.item(canary);

        assertThat(item.getThreshold()).isNull();
        assertThat(item.getMeasured()).isNull();
        assertThat(item.getLower()).isNull();
        assertThat(item.getPValue()).isEqualTo(1e-4);
        assertThat(HealthEvents.items(List.of(noBaseline, canary))).extracting(EvidenceItem::getKind).containsExactly(Signal.CANARY_WORSE);
    }

    @Test
    void aSourceRestoredWithoutItsWindowHasEvidenceWithoutBounds() {
        SourceLevels restored = new SourceLevelsFormat1(Map.of("drift", new SourceLevelsFormat1.Held(WARNING, List.of(Signal.DRIFT))))
                .upgrade();
        HealthAnnouncement announced = restored.apply("performance", new HealthChange(NONE, CRITICAL, List.of(Signal.PERFORMANCE_DROP),
                false, new WindowAssessment(T0 - HOUR, T0, "ref", List.of(), List.of()), List.of())).announcement().orElseThrow();

        ModelHealthChanged event = HealthEvents.changed("fraud", "v7", Variant.CHAMPION, announced);

        assertThat(event.getSources()).extracting(s -> s.getSource() + ":" + s.getSince().toEpochMilli())
                .containsExactly("performance:" + T0, "drift:" + T0);
        assertThat(event.getSources().get(1).getEvidence().getWindowStart()).isNull();
        assertThat(event.getSources().get(1).getEvidence().getSummary()).doesNotContain("null");
    }

    private static Signal drift(double psi) {
        return new Signal(Signal.DRIFT, WARNING, "amount", psi, 0.2, "psi over 1194 values vs 600 in the reference",
                Facts.of("psi").withSampleSize(1_194).withReferenceSize(600));
    }

    private static HealthAnnouncement announce(io.shepherd.events.HealthLevel previous, io.shepherd.events.HealthLevel level,
                                               boolean heartbeat, String source, Signal signal) {
        WindowEvidence window = new WindowEvidence(T0 - HOUR, T0, "ref", List.of(signal), List.of("score"));
        return new HealthAnnouncement(previous, level, List.of(signal.cause()), heartbeat, source, window, List.of());
    }
}
