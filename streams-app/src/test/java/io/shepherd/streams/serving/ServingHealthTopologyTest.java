package io.shepherd.streams.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.EvidenceChecks;
import io.shepherd.streams.policy.PolicyBook;

class ServingHealthTopologyTest {

    static final long T0 = 1_764_000_000_000L;
    static final long MINUTE = 60_000;
    /** One-minute windows, no grace, a 250 ms p99 SLA, NO_DATA after 5 minutes, no heartbeats. */
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "serving": {"latencyP99Ms": 250.0, "minRequests": 20},
              "liveness": {"noDataAfter": "PT5M"}}}
            """;

    private final SplittableRandom random = new SplittableRandom(7);
    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void aLatencySpikeOfTwoWindowsGivesCriticalAndThreeGoodWindowsResolveIt() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("ranker", "v1", Variant.CHAMPION, T0, Map.of());
        for (int minute = 0; minute < 9; minute++) {
            boolean spike = minute == 3 || minute == 4;
            serveMinute("ranker", minute, spike ? 400 : 40);
        }

        List<ServingHealthScored> windows = app.read(Topics.SERVING_HEALTH);
        assertThat(windows).hasSize(8);
        assertThat(windows.get(3).getLatencyP99Ms()).isGreaterThan(250.0);
        assertThat(windows.get(3).getBreaches()).singleElement()
                .satisfies(b -> assertThat(b.getKind()).isEqualTo("LATENCY_P99"));
        assertThat(windows.get(2).getBreaches()).isEmpty();
        assertThat(windows.get(0).getRequests()).isEqualTo(60);
        assertThat(windows.get(0).getThroughputPerSecond()).isEqualTo(1.0);

        List<ModelHealthChanged> health = app.health();
        assertThat(health).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.CRITICAL, HealthLevel.NONE);
        assertThat(health.get(0).getCauses()).containsExactly("LATENCY_SLA");
        assertThat(health.get(0).getEventTime().toEpochMilli()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(health.get(0).getEvidence().getSourceEventIds()).containsExactly("serving:ranker:v1:" + (T0 + 4 * MINUTE));
        assertThat(health.get(1).getEventTime().toEpochMilli()).isEqualTo(T0 + 8 * MINUTE);
        EvidenceItem p99 = health.get(0).getEvidence().getItems().get(0);
        assertThat(p99.getStatistic()).isEqualTo("latency_p99_ms");
        assertThat(p99.getHigherIsBetter()).isFalse();
        assertThat(p99.getSampleSize()).isEqualTo(60);
        assertThat(windows.get(3).getBreaches()).singleElement().satisfies(EvidenceChecks::statesItsFacts);
        EvidenceChecks.stateTheirFacts(health);
    }

    @Test
    void errorsAboveTheSlaRateGiveCritical() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("ranker", "v1", Variant.CHAMPION, T0, Map.of());
        for (int minute = 0; minute < 4; minute++) {
            for (int i = 0; i < 60; i++) {
                ServingStatus status = minute >= 1 && i % 10 == 0 ? ServingStatus.ERROR : ServingStatus.OK;
                app.serve("ranker", "v1", Variant.CHAMPION, T0 + minute * MINUTE + i * 1000L, score(), 40, status);
            }
        }

        List<ServingHealthScored> windows = app.read(Topics.SERVING_HEALTH);
        assertThat(windows.get(1).getErrorRate()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(windows.get(1).getErrorsByKind()).containsEntry("TIMEOUT", 6L);
        assertThat(app.health()).singleElement().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.CRITICAL);
            assertThat(h.getCauses()).containsExactly("ERROR_RATE");
        });
        EvidenceItem errors = EvidenceChecks.items(app.health(), "ERROR_RATE").get(0);
        assertThat(errors.getStatistic()).isEqualTo("error_rate");
        assertThat(errors.getValue()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(errors.getSampleSize()).isEqualTo(60);
        assertThat(errors.getMeasured()).isNull();
        assertThat(errors.getDetail()).contains("errors=6");
        EvidenceChecks.stateTheirFacts(app.health());
    }

    @Test
    void aVersionThatFallsSilentWhileOthersServeRaisesNoDataOnStreamTimeAndRecoversWhenItServesAgain() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("ranker", "v1", Variant.CHAMPION, T0, Map.of());
        app.deploy("pricer", "v3", Variant.CHAMPION, T0, Map.of());
        for (int minute = 0; minute < 10; minute++) {
            serveMinute("ranker", minute, 40);
            if (minute < 2) {
                serveMinute("pricer", minute, 40);
            }
        }
        long lastPricer = T0 + 2 * MINUTE - 1000;

        assertThat(app.health()).singleElement().satisfies(h -> {
            assertThat(h.getModelId()).isEqualTo("pricer");
            assertThat(h.getLevel()).isEqualTo(HealthLevel.CRITICAL);
            assertThat(h.getCauses()).containsExactly("NO_DATA");
            assertThat(h.getEventTime().toEpochMilli()).isEqualTo(lastPricer + 5 * MINUTE);
            assertThat(h.getEvidence().getItems()).singleElement().satisfies(silence -> {
                assertThat(silence.getStatistic()).isEqualTo("silence_ms");
                assertThat(silence.getValue()).isEqualTo(5.0 * MINUTE);
                assertThat(silence.getThreshold()).isEqualTo(5.0 * MINUTE);
                assertThat(silence.getSince().toEpochMilli()).isEqualTo(lastPricer);
            });
        });
        EvidenceChecks.stateTheirFacts(app.health());

        serveMinute("pricer", 10, 40);
        assertThat(app.health()).hasSize(2).last().satisfies(h -> {
            assertThat(h.getModelId()).isEqualTo("pricer");
            assertThat(h.getPreviousLevel()).isEqualTo(HealthLevel.CRITICAL);
            assertThat(h.getLevel()).isEqualTo(HealthLevel.NONE);
        });
    }

    @Test
    void aStreamThatStopsAltogetherRaisesNoDataOnTheWallClock() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("ranker", "v1", Variant.CHAMPION, T0, Map.of());
        serveMinute("ranker", 0, 40);

        app.advanceWallClock(Duration.ofMinutes(4));
        assertThat(app.health()).isEmpty();
        app.advanceWallClock(Duration.ofMinutes(1).plusSeconds(10));

        assertThat(app.health()).singleElement().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.CRITICAL);
            assertThat(h.getCauses()).containsExactly("NO_DATA");
            assertThat(h.getEventTime().toEpochMilli()).isEqualTo(T0 + MINUTE - 1000 + 5 * MINUTE);
        });
    }

    @Test
    void aVersionOlderThanItsMaximumAgeIsStale() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY.replace("\"noDataAfter\": \"PT5M\"}",
                "\"noDataAfter\": \"PT5M\", \"maxAge\": \"PT3M\"}")), T0);
        app.deploy("ranker", "v1", Variant.CHAMPION, T0, Map.of());
        for (int minute = 0; minute < 5; minute++) {
            serveMinute("ranker", minute, 40);
        }

        assertThat(app.health()).singleElement().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.WARNING);
            assertThat(h.getCauses()).containsExactly("STALE");
            assertThat(h.getEventTime().toEpochMilli()).isEqualTo(T0 + 4 * MINUTE);
            assertThat(h.getEvidence().getItems()).singleElement().satisfies(age -> {
                assertThat(age.getStatistic()).isEqualTo("age_ms");
                assertThat(age.getValue()).isEqualTo(4.0 * MINUTE);
                assertThat(age.getThreshold()).isEqualTo(3.0 * MINUTE);
                assertThat(age.getSince().toEpochMilli()).isEqualTo(T0);
            });
        });
        EvidenceChecks.stateTheirFacts(app.health());
    }

    private void serveMinute(String model, int minute, double latencyMs) {
        for (int i = 0; i < 60; i++) {
            app.serve(model, "v" + (model.equals("ranker") ? 1 : 3), Variant.CHAMPION, T0 + minute * MINUTE + i * 1000L, score(),
                    latencyMs * (0.8 + 0.4 * random.nextDouble()), ServingStatus.OK);
        }
    }

    private Prediction score() {
        return Prediction.newBuilder().setScore(random.nextDouble()).build();
    }
}
