package io.shepherd.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.EvidenceChecks;
import io.shepherd.streams.policy.PolicyBook;

/** Drift and performance of one version through the whole app: each source keeps its own level in every event. */
class SourcesTopologyTest {

    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % 3_600_000;
    static final long HOUR = 3_600_000;
    static final int PER_HOUR = 300;
    /** Hourly tumbling windows, one window to move a level either way, a reference of the first 300 events. */
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1H", "windowAdvance": "PT1H", "gracePeriod": "PT0S", "minSamples": 100,
              "reference": {"kind": "FIRST_EVENTS", "events": 300},
              "hysteresis": {"windowsToEscalate": 1, "windowsToRecover": 1, "heartbeatEveryWindows": 0},
              "performance": {"labelDelay": "P8D", "minLabels": 100, "minLabelCoverage": 0.5},
              "liveness": {"noDataAfter": "P30D"}}}
            """;

    private final SplittableRandom random = new SplittableRandom(11);
    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void driftStaysListedAtWarningWhilePerformanceGoesCriticalAndRecovers() throws Exception {
        List<ModelHealthChanged> health = driftFromHourOneAndAccuracyDownInHourTwo();

        assertThat(health).extracting(h -> h.getChangedSource() + ":" + h.getPreviousLevel() + ">" + h.getLevel())
                .containsExactly("drift:NONE>WARNING", "performance:WARNING>CRITICAL", "performance:CRITICAL>WARNING");
        assertThat(health).extracting(h -> h.getEventTime().toEpochMilli())
                .containsExactly(T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR);
        assertThat(health).allSatisfy(h -> assertThat(h.getSources()).filteredOn(s -> s.getSource().equals("drift"))
                .singleElement().satisfies(drift -> {
                    assertThat(drift.getLevel()).isEqualTo(HealthLevel.WARNING);
                    assertThat(drift.getCauses()).contains(Signal.DRIFT);
                    assertThat(drift.getSince().toEpochMilli()).isEqualTo(T0 + 2 * HOUR);
                }));
        assertThat(health.get(1).getSources()).extracting(SourceHealth::getSource).containsExactly("performance", "drift");
        assertThat(health.get(1).getCauses()).containsExactly(Signal.PERFORMANCE_DROP);
        assertThat(health.get(2).getCauses()).contains(Signal.DRIFT);
        EvidenceChecks.stateTheirFacts(health);
    }

    @Test
    void driftAndPerformanceItemsStateTheirStatisticsAndSampleSizes() throws Exception {
        List<ModelHealthChanged> health = driftFromHourOneAndAccuracyDownInHourTwo();

        EvidenceItem drift = EvidenceChecks.items(health, Signal.DRIFT).get(0);
        assertThat(drift.getStatistic()).isEqualTo("psi");
        assertThat(drift.getThreshold()).isEqualTo(0.2);
        assertThat(drift.getSampleSize()).isEqualTo(PER_HOUR);
        // The reference is the first 300 records the drift engine read, predictions included: 150 of them have an amount.
        assertThat(drift.getReferenceSize()).isEqualTo(PER_HOUR / 2);
        EvidenceItem drop = health.get(1).getEvidence().getItems().get(0);
        assertThat(drop.getStatistic()).isEqualTo("relative_drop");
        assertThat(drop.getMeasured()).isBetween(0.79, 0.81);
        assertThat(drop.getReference()).isEqualTo(0.92);
        assertThat(drop.getValue()).isCloseTo((0.92 - drop.getMeasured()) / 0.92, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(drop.getLower()).isLessThan(drop.getMeasured());
        assertThat(drop.getUpper()).isGreaterThan(drop.getMeasured());
        assertThat(drop.getConfidence()).isEqualTo(0.95);
        assertThat(drop.getHigherIsBetter()).isTrue();
        assertThat(drop.getSampleSize()).isBetween(150L, (long) PER_HOUR);
    }

    /**
     * Hour 0 is the reference; from hour 1 on, amount shifts by three standard deviations; the predictions of hour 2
     * are 80 % right against a baseline of 92 %, the others 92 %. Each is labelled a minute after it was served.
     */
    private List<ModelHealthChanged> driftFromHourOneAndAccuracyDownInHourTwo() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", 0.92));
        double[] accuracy = {0.92, 0.92, 0.80, 0.92, 0.92};
        List<Labelled> labels = new ArrayList<>();
        for (int h = 0; h < accuracy.length; h++) {
            for (int i = 0; i < PER_HOUR; i++) {
                long time = T0 + h * HOUR + i * (HOUR / PER_HOUR);
                app.observe("fraud", "v7", time, Map.of("amount", 100 + 10 * random.nextGaussian() + (h == 0 ? 0 : 30)));
                String id = app.serve("fraud", "v7", Variant.CHAMPION, time,
                        Prediction.newBuilder().setLabel("a").setProbabilities(Map.of("a", 0.9, "b", 0.1)).build(), 20, ServingStatus.OK);
                boolean correct = Math.round((i + 1) * accuracy[h]) > Math.round(i * accuracy[h]);
                labels.add(new Labelled(id, time, correct ? "a" : "b"));
            }
        }
        labels.forEach(l -> app.label("fraud", l.requestId(), l.time() + 60_000, l.truth()));
        return app.health();
    }

    record Labelled(String requestId, long time, String truth) {}
}
