package io.shepherd.streams.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.ChallengerCompared;
import io.shepherd.events.ChallengerVerdict;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.EvidenceChecks;
import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.window.VersionClock;

class PerformanceTopologyTest {

    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % 3_600_000;
    static final long HOUR = 3_600_000;
    static final long WEEK = 7 * 24 * HOUR;
    /** Hourly windows, at least 100 labels and half the window labelled to vote, labels waited for 8 days. */
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1H", "windowAdvance": "PT1H", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "performance": {"labelDelay": "P8D", "minLabels": 100, "minLabelCoverage": 0.5},
              "challenger": {"minSamples": 200},
              "liveness": {"noDataAfter": "P30D"}}}
            """;
    static final double BASELINE = 0.92;

    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void labelsAWeekLateAreCountedInThePredictionsWindowAndDropsOfSixAndSixteenPercentEscalateThenRecover() throws Exception {
        // Whole windows alone decide here; the sequential decision has its own tests below.
        app = new AppTestDriver(PolicyBook.fromJson(POLICY.replace("\"minLabelCoverage\": 0.5", "\"minLabelCoverage\": 0.5, \"falseAlarmBudget\": 0")), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        double[] accuracy = {0.8648, 0.8648, 0.7728, 0.7728, 0.92, 0.92, 0.92};
        List<List<Labelled>> hours = new ArrayList<>();
        for (int h = 0; h < accuracy.length; h++) {
            hours.add(serveHour("fraud", "v7", Variant.CHAMPION, h, 400, accuracy[h]));
        }
        for (List<Labelled> hour : hours) {
            hour.forEach(l -> app.label("fraud", l.requestId, l.time + WEEK, l.truth));
        }
        clockTick(T0 + accuracy.length * HOUR + WEEK + HOUR);

        Map<Long, PerformanceScored> latest = latestByWindow(app.read(Topics.PERFORMANCE));
        assertThat(latest).hasSize(accuracy.length);
        for (int h = 0; h < accuracy.length; h++) {
            PerformanceScored w = latest.get(T0 + h * HOUR);
            assertThat(w.getPredictions()).as("hour %d", h).isEqualTo(400);
            assertThat(w.getLabelled()).as("hour %d", h).isEqualTo(400);
            assertThat(w.getLabelCoverage()).isEqualTo(1.0);
            assertThat(metric(w, "accuracy")).as("hour %d", h).isEqualTo(Math.round(400 * accuracy[h]) / 400.0);
            assertThat(w.getBaseline()).isEqualTo(BASELINE);
        }
        List<ModelHealthChanged> health = app.health();
        assertThat(health).extracting(ModelHealthChanged::getLevel)
                .containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY, HealthLevel.NONE);
        assertThat(health).extracting(h -> h.getEventTime().toEpochMilli())
                .containsExactly(T0 + 2 * HOUR, T0 + 4 * HOUR, T0 + 7 * HOUR);
        assertThat(health.get(0).getCauses()).containsExactly("PERFORMANCE_DROP");
        assertThat(health.get(1).getEvidence().getItems().get(0).getSubject()).isEqualTo("accuracy");
        assertThat(health.get(1).getEvidence().getItems().get(0).getValue()).isGreaterThan(0.15);
        assertThat(health.get(1).getEvidence().getItems().get(0)).satisfies(drop -> {
            assertThat(drop.getStatistic()).isEqualTo("relative_drop");
            // The window votes once half its predictions are labelled: the accuracy of those labels.
            assertThat(drop.getMeasured()).isCloseTo(0.7728, org.assertj.core.data.Offset.offset(0.01));
            assertThat(drop.getReference()).isEqualTo(BASELINE);
            assertThat(drop.getValue()).isCloseTo((BASELINE - drop.getMeasured()) / BASELINE, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(drop.getHigherIsBetter()).isTrue();
            assertThat(drop.getConfidence()).isEqualTo(0.95);
            assertThat(drop.getLower()).isLessThan(drop.getMeasured());
            assertThat(drop.getUpper()).isGreaterThan(drop.getMeasured());
        });
        EvidenceChecks.stateTheirFacts(health);
    }

    @Test
    void aSuddenDropIsRaisedByItsLabelsLongBeforeItsWindowClosesAndRecoversByWindows() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of());
        // 1,200 predictions an hour, 3 s apart; the first 1,000 are the reference (92 % right), then 70 % in hour 1.
        double[] accuracy = {0.92, 0.70, 0.92, 0.92, 0.92, 0.92, 0.92};
        for (int h = 0; h < accuracy.length; h++) {
            serveHour("fraud", "v7", Variant.CHAMPION, h, 1200, accuracy[h]).forEach(l -> app.label("fraud", l.requestId, l.time + 60_000, l.truth));
        }
        clockTick(T0 + accuracy.length * HOUR + HOUR);

        List<ModelHealthChanged> health = app.health();
        assertThat(health).extracting(ModelHealthChanged::getLevel)
                .containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY, HealthLevel.NONE);
        long critical = health.get(0).getEventTime().toEpochMilli();
        // Proven within a few hundred labels of the drop, where whole windows wait for the end of hour 2.
        assertThat(critical).isBetween(T0 + HOUR, T0 + HOUR + 20 * 60_000);
        // EMERGENCY on the next 100 labels (minLabels) after the rise, 3 s apart.
        assertThat(health.get(1).getEventTime().toEpochMilli()).isEqualTo(critical + 100 * 3_000);
        // Recovery still takes three healthy windows (hours 2-4).
        assertThat(health.get(2).getEventTime().toEpochMilli()).isEqualTo(T0 + 5 * HOUR);
        assertThat(health.get(0).getEvidence().getItems()).first().satisfies(drop -> {
            assertThat(drop.getKind()).isEqualTo("PERFORMANCE_DROP");
            assertThat(drop.getStatistic()).isEqualTo("relative_drop");
            // Over the labels since the statistic last stood below 1: the drop and a few healthy labels before it.
            assertThat(drop.getMeasured()).isBetween(0.6, 0.92 * (1 - 0.05));
            assertThat(drop.getValue()).isGreaterThan(0.05);
            assertThat(drop.getReference()).isEqualTo(0.92);
            assertThat(drop.getReferenceSize()).isEqualTo(1000L);
            assertThat(drop.getThreshold()).isEqualTo(0.05);
            assertThat(drop.getDetail()).contains("sequential test").contains("one false alarm per 1,000,000 labelled predictions")
                    .matches(".*e-value [0-9.e+]+ >= 2\\.00e\\+06.*");
        });
        assertThat(health.get(0).getEvidence().getWindowEnd().toEpochMilli()).isEqualTo(critical);
        assertThat(health.get(0).getEvidence().getWindowStart().toEpochMilli()).isBetween(T0 + HOUR, critical);
        assertThat(health.get(1).getEvidence().getItems()).first().satisfies(drop -> {
            assertThat(drop.getMeasured()).isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.011));
            assertThat(drop.getValue()).isGreaterThan(0.15);
            assertThat(drop.getSampleSize()).isEqualTo(100L);
        });
        EvidenceChecks.stateTheirFacts(health);
    }

    @Test
    void aRegressorWhoseErrorsDoubleIsRaisedByItsLabelsBeforeItsWindowCloses() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("eta", "v3", Variant.CHAMPION, T0, Map.of());
        // 1,200 predictions an hour, 3 s apart; the truth is the prediction plus an error of sd 1, then of sd 2 in hour 1.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 1200; i++) {
                long time = T0 + h * HOUR + i * (HOUR / 1200);
                double predicted = 30 + 10 * random.nextDouble();
                String id = app.serve("eta", "v3", Variant.CHAMPION, time, Prediction.newBuilder().setScore(predicted).build(), 20,
                        ServingStatus.OK);
                app.label("eta", id, time + 60_000, predicted + (h == 0 ? 1 : 2) * random.nextGaussian());
            }
        }
        clockTick(T0 + 3 * HOUR);

        List<ModelHealthChanged> health = app.health();
        assertThat(health).extracting(ModelHealthChanged::getLevel).startsWith(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(health.get(0).getEventTime().toEpochMilli()).isBetween(T0 + HOUR, T0 + HOUR + 20 * 60_000);
        assertThat(health.get(1).getEventTime().toEpochMilli()).isLessThan(T0 + 2 * HOUR);
        assertThat(health.get(0).getEvidence().getItems()).first().satisfies(rise -> {
            assertThat(rise.getSubject()).isEqualTo("mae");
            assertThat(rise.getHigherIsBetter()).isFalse();
            assertThat(rise.getReferenceSize()).isEqualTo(1000L);
            assertThat(rise.getMeasured()).isGreaterThan(rise.getReference() * 1.05);
            assertThat(rise.getDetail()).contains("sequential test: mae above");
        });
        EvidenceChecks.stateTheirFacts(health);
    }

    @Test
    void anUnchangedModelIsNeverRaisedByTheSequentialDecision() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of());
        // 24 hours at the reference's 92 %, and an hour at 90 % (2 % worse: under the 5 % limit).
        for (int h = 0; h < 25; h++) {
            serveHour("fraud", "v7", Variant.CHAMPION, h, 1200, h == 24 ? 0.90 : 0.92)
                    .forEach(l -> app.label("fraud", l.requestId, l.time + 60_000, l.truth));
        }
        clockTick(T0 + 26 * HOUR);
        assertThat(app.health()).isEmpty();
    }

    @Test
    void theSameSixPercentDropOnAWindowTooSmallForSignificanceGivesNeitherLevel() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY.replace("\"minLabels\": 100", "\"minLabels\": 50")), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        List<Labelled> labels = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            labels.addAll(serveHour("fraud", "v7", Variant.CHAMPION, h, 60, 0.8648));
        }
        labels.forEach(l -> app.label("fraud", l.requestId, l.time + HOUR, l.truth));
        clockTick(T0 + 6 * HOUR);

        Map<Long, PerformanceScored> latest = latestByWindow(app.read(Topics.PERFORMANCE));
        assertThat(latest.values()).hasSize(4).allSatisfy(w -> {
            assertThat(w.getLabelled()).isEqualTo(60);
            assertThat(w.getRelativeDrop()).isGreaterThan(0.05);
            assertThat(w.getVerdict()).isEqualTo(PerformanceVerdict.OK);
        });
        assertThat(app.health()).isEmpty();
    }

    @Test
    void aCanarySignificantlyWorseThanTheChampionGetsAWorseVerdictAndEmergency() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        app.deploy("fraud", "v8", Variant.CANARY, T0, Map.of());
        List<Labelled> labels = new ArrayList<>();
        for (int h = 0; h < 2; h++) {
            labels.addAll(serveHour("fraud", "v7", Variant.CHAMPION, h, 600, 0.92));
            labels.addAll(serveHour("fraud", "v8", Variant.CANARY, h, 300, 0.80));
        }
        labels.sort(Comparator.comparingLong(l -> l.time));
        labels.forEach(l -> app.label("fraud", l.requestId, l.time + HOUR, l.truth));
        clockTick(T0 + 4 * HOUR);

        List<ChallengerCompared> verdicts = app.read(Topics.CHALLENGER_VERDICTS);
        List<ChallengerCompared> decided = verdicts.stream().filter(v -> v.getVerdict() != ChallengerVerdict.INSUFFICIENT_DATA).toList();
        assertThat(decided).extracting(v -> v.getWindowStart().toEpochMilli()).contains(T0, T0 + HOUR);
        assertThat(decided).allSatisfy(v -> {
            assertThat(v.getChampionVersion()).isEqualTo("v7");
            assertThat(v.getChallengerVersion()).isEqualTo("v8");
            assertThat(v.getVerdict()).isEqualTo(ChallengerVerdict.WORSE);
            assertThat(v.getDecidingTest()).isEqualTo("two_proportion_z");
            assertThat(v.getPValue()).isLessThan(0.05);
            assertThat(v.getEffectSize()).isNegative();
        });
        List<ModelHealthChanged> canary = app.health().stream().filter(h -> h.getModelVersion().equals("v8")).toList();
        assertThat(canary).last().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.EMERGENCY);
            assertThat(h.getVariant()).isEqualTo(Variant.CANARY);
            assertThat(h.getCauses()).contains("CANARY_WORSE");
        });
        assertThat(app.health().stream().filter(h -> h.getModelVersion().equals("v7"))).isEmpty();
        EvidenceItem worse = EvidenceChecks.items(canary, "CANARY_WORSE").get(0);
        assertThat(worse.getStatistic()).isEqualTo("two_proportion_z");
        assertThat(worse.getThreshold()).as("alpha limits the p-value, not the effect").isNull();
        assertThat(worse.getDetail()).contains("alpha 0.05");
        assertThat(worse.getMeasured()).isLessThan(worse.getReference());
        assertThat(worse.getValue()).isCloseTo(worse.getReference() - worse.getMeasured(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(worse.getPValue()).isLessThan(0.05);
        assertThat(worse.getHigherIsBetter()).isTrue();
        assertThat(worse.getSampleSize()).isLessThan(worse.getReferenceSize());
        EvidenceChecks.stateTheirFacts(app.health());
    }

    @Test
    void aCanaryThatStopsBeingWorseRecoversAfterThreeWindowsOfNoDifference() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        app.deploy("fraud", "v8", Variant.CANARY, T0, Map.of("accuracy", BASELINE));
        double[] canary = {0.80, 0.80, 0.92, 0.92, 0.92};
        List<Labelled> labels = new ArrayList<>();
        for (int h = 0; h < canary.length; h++) {
            labels.addAll(serveHour("fraud", "v7", Variant.CHAMPION, h, 600, 0.92));
            labels.addAll(serveHour("fraud", "v8", Variant.CANARY, h, 300, canary[h]));
        }
        labels.sort(Comparator.comparingLong(l -> l.time));
        labels.forEach(l -> app.label("fraud", l.requestId, l.time + HOUR, l.truth));
        clockTick(T0 + 7 * HOUR);

        List<ModelHealthChanged> canaryHealth = app.health().stream().filter(h -> h.getModelVersion().equals("v8")).toList();
        assertThat(canaryHealth).anySatisfy(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.EMERGENCY);
            assertThat(h.getCauses()).contains("CANARY_WORSE");
        });
        assertThat(canaryHealth).last().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.NONE);
            assertThat(h.getEventTime().toEpochMilli()).isEqualTo(T0 + 5 * HOUR);
        });
        List<ChallengerCompared> decided = app.<ChallengerCompared>read(Topics.CHALLENGER_VERDICTS).stream()
                .filter(v -> v.getVerdict() != ChallengerVerdict.INSUFFICIENT_DATA).toList();
        assertThat(decided).filteredOn(v -> v.getWindowStart().toEpochMilli() >= T0 + 2 * HOUR)
                .extracting(ChallengerCompared::getVerdict).containsOnly(ChallengerVerdict.NO_DIFFERENCE);
    }

    @Test
    void predictionsWhoseLabelsNeverArriveAreCountedExpiredOnceTheLabelDelayHasPassed() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        List<Labelled> labels = serveHour("fraud", "v7", Variant.CHAMPION, 0, 200, 0.92);
        labels.subList(0, 120).forEach(l -> app.label("fraud", l.requestId, l.time + HOUR, l.truth));
        clockTick(T0 + 2 * HOUR);
        PerformanceScored beforeExpiry = latestByWindow(app.read(Topics.PERFORMANCE)).get(T0);
        assertThat(beforeExpiry.getLabelCoverage()).isEqualTo(0.6);
        assertThat(beforeExpiry.getExpiredUnlabelled()).isZero();

        clockTick(T0 + HOUR + 8 * 24 * HOUR);

        PerformanceScored last = latestByWindow(app.read(Topics.PERFORMANCE)).get(T0);
        assertThat(last.getRevision()).isGreaterThan(beforeExpiry.getRevision());
        assertThat(last.getLabelled()).isEqualTo(120);
        assertThat(last.getExpiredUnlabelled()).isEqualTo(80);
    }

    @Test
    void outcomesThatCannotBeJoinedAreDeadLetteredWithTheirReason() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        List<Labelled> labels = serveHour("fraud", "v7", Variant.CHAMPION, 0, 10, 0.9);
        app.label("nobody", "r-1", T0 + HOUR, "a");
        app.label("fraud", labels.get(0).requestId, T0 + HOUR, Double.NaN);
        app.label("fraud", labels.get(1).requestId, T0 + HOUR, 3.5);
        app.label("fraud", labels.get(2).requestId, T0 + HOUR, labels.get(2).truth);

        List<io.shepherd.events.DeadLettered> letters = app.read(Topics.DEAD_LETTERS);
        assertThat(letters).extracting(io.shepherd.events.DeadLettered::getReason)
                .containsExactly("UNKNOWN_MODEL", "NAN_VALUE", "WRONG_TYPE");
        assertThat(letters).extracting(io.shepherd.events.DeadLettered::getSourceTopic)
                .containsExactly(Topics.OUTCOMES, Topics.OUTCOMES, "app-test-outcomes-by-model-repartition");
        clockTick(T0 + 2 * HOUR);
        assertThat(latestByWindow(app.read(Topics.PERFORMANCE)).get(T0).getLabelled()).isEqualTo(1);
    }

    @Test
    void aFallInPredictedConfidenceWarnsBeforeAnyLabelArrivesAndNeverEscalatesFurther() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        double[] confidence = {0.9, 0.9, 0.7, 0.7, 0.7};
        for (int h = 0; h < confidence.length; h++) {
            for (int i = 0; i < 500; i++) {
                String predicted = i % 2 == 0 ? "a" : "b";
                app.serve("fraud", "v7", Variant.CHAMPION, T0 + h * HOUR + i * (HOUR / 500), Prediction.newBuilder().setLabel(predicted)
                        .setProbabilities(Map.of(predicted, confidence[h], other(predicted), 1 - confidence[h])).build(), 20, ServingStatus.OK);
            }
        }
        clockTick(T0 + 6 * HOUR);

        List<PerformanceScored> estimates = app.<PerformanceScored>read(Topics.PERFORMANCE).stream().filter(PerformanceScored::getEstimated).toList();
        assertThat(estimates).extracting(PerformanceScored::getVerdict).containsExactly(PerformanceVerdict.OK, PerformanceVerdict.OK,
                PerformanceVerdict.DEGRADED, PerformanceVerdict.DEGRADED, PerformanceVerdict.DEGRADED);
        assertThat(metric(estimates.get(2), "expected_accuracy")).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(app.health()).singleElement().satisfies(h -> {
            assertThat(h.getLevel()).isEqualTo(HealthLevel.WARNING);
            assertThat(h.getCauses()).containsExactly("ESTIMATED_DROP");
            assertThat(h.getEventTime().toEpochMilli()).isEqualTo(T0 + 4 * HOUR);
            assertThat(h.getEvidence().getItems()).singleElement().satisfies(estimate -> {
                assertThat(estimate.getStatistic()).isEqualTo("relative_drop");
                assertThat(estimate.getMeasured()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(estimate.getReference()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(estimate.getSampleSize()).isEqualTo(500);
            });
        });
        EvidenceChecks.stateTheirFacts(app.health());
    }

    @Test
    void aWindowIsJudgedAsSoonAsItsVersionsTimePassesItsEndAndGraceNotAtTheNextTickNorOnAnotherModelsTime() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson("""
                {"defaults": {"windowSize": "PT10S", "windowAdvance": "PT10S", "gracePeriod": "PT2S",
                  "hysteresis": {"windowsToEscalate": 1, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
                  "performance": {"labelDelay": "PT1M", "minLabels": 100, "minLabelCoverage": 0.5},
                  "liveness": {"noDataAfter": "P30D"}}}
                """), T0);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
        app.deploy("other", "v1", Variant.CHAMPION, T0, Map.of());
        // 200 predictions in [T0, T0 + 10 s), 70 % right, each labelled one second later.
        for (int i = 0; i < 200; i++) {
            long time = T0 + i * 50L;
            String id = app.serve("fraud", "v7", Variant.CHAMPION, time,
                    Prediction.newBuilder().setLabel("a").setProbabilities(Map.of("a", 0.9, "b", 0.1)).build(), 20, ServingStatus.OK);
            app.label("fraud", id, time + 1_000, i % 10 < 7 ? "a" : "b");
        }
        // Another model's time passing the window's end plus grace does not close fraud v7's window; v7's own does.
        app.serve("other", "v1", Variant.CHAMPION, T0 + 30_000, Prediction.newBuilder().setScore(0.5).build(), 1, ServingStatus.OK);
        app.serve("fraud", "v7", Variant.CHAMPION, T0 + 11_999, Prediction.newBuilder().setLabel("a").build(), 1, ServingStatus.OK);
        assertThat(latestByWindow(app.read(Topics.PERFORMANCE))).as("before end + grace").isEmpty();

        app.serve("fraud", "v7", Variant.CHAMPION, T0 + 12_000, Prediction.newBuilder().setLabel("a").build(), 1, ServingStatus.OK);

        PerformanceScored window = latestByWindow(app.read(Topics.PERFORMANCE)).get(T0);
        assertThat(window.getLabelled()).isEqualTo(200);
        assertThat(metric(window, "accuracy")).isEqualTo(0.7);
        assertThat(app.health()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.EMERGENCY);
    }

    @Test
    void labelsReadFiveMinutesOfPredictionsLaterThanTheirOwnTimeAreStillJoinedAndCounted() throws Exception {
        // A catching-up task is handed whichever partition has records fetched (max.task.idle.ms=-1): here five minutes
        // of predictions, five times the label delay, come before the labels of the first ten seconds.
        startTenSecondWindows("PT1M", T0);
        List<Labelled> first = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long time = T0 + i * 50L;
            String id = app.serve("fraud", "v7", Variant.CHAMPION, time,
                    Prediction.newBuilder().setLabel("a").setProbabilities(Map.of("a", 0.9, "b", 0.1)).build(), 20, ServingStatus.OK);
            first.add(new Labelled(id, time + 1_000, i % 10 < 7 ? "a" : "b"));
        }
        for (long time = T0 + 10_000; time < T0 + 300_000; time += 1_000) {
            app.serve("fraud", "v7", Variant.CHAMPION, time, Prediction.newBuilder().setLabel("a").build(), 1, ServingStatus.OK);
        }

        first.forEach(l -> app.label("fraud", l.requestId, l.time, l.truth));
        // Labels alone move no window along; the next tick of the wall clock restates it.
        app.advanceWallClock(Duration.ofSeconds(10));

        PerformanceScored window = latestByWindow(app.read(Topics.PERFORMANCE)).get(T0);
        assertThat(window.getLabelled()).isEqualTo(200);
        assertThat(metric(window, "accuracy")).isEqualTo(0.7);
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(app.health()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.EMERGENCY);
    }

    @Test
    void aVersionBeingCaughtUpRestatesAWindowAtMostOncePerTickOfTheWallClockButVotesAtOnce() throws Exception {
        // Live (wall clock at the events' time): a restatement per 10 s of event time while the labels come.
        List<PerformanceScored> live = labelWhileTimePasses(T0);
        assertThat(live).hasSizeGreaterThan(10);
        assertThat(live.get(live.size() - 1).getLabelled()).as("the last ten labels wait for the next tick").isEqualTo(190);

        // A day behind the wall clock: the first restatement, the one that votes, then nothing until the next tick.
        List<PerformanceScored> caughtUp = labelWhileTimePasses(T0 + 24 * HOUR);
        assertThat(caughtUp).extracting(PerformanceScored::getLabelled).containsExactly(0L, 10L, 100L);
        assertThat(app.health()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.EMERGENCY);

        app.advanceWallClock(Duration.ofSeconds(10));
        List<PerformanceScored> afterTick = windowRevisions();
        assertThat(afterTick).hasSize(4);
        assertThat(afterTick.get(3).getLabelled()).isEqualTo(200);
    }

    /**
     * 200 predictions in [T0, T0 + 10 s), 70 % right, then each labelled while another prediction moves the version's
     * time on by a second; the window's restatements (PerformanceScored not estimated), in order.
     */
    private List<PerformanceScored> labelWhileTimePasses(long wallClockStart) throws Exception {
        startTenSecondWindows("PT10M", wallClockStart);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(app.serve("fraud", "v7", Variant.CHAMPION, T0 + i * 50L,
                    Prediction.newBuilder().setLabel("a").setProbabilities(Map.of("a", 0.9, "b", 0.1)).build(), 20, ServingStatus.OK));
        }
        for (int i = 0; i < 200; i++) {
            app.serve("fraud", "v7", Variant.CHAMPION, T0 + 12_000 + i * 1_000L, Prediction.newBuilder().setLabel("a").build(), 1,
                    ServingStatus.OK);
            app.label("fraud", ids.get(i), T0 + i * 50L + 1_000, i % 10 < 7 ? "a" : "b");
        }
        return windowRevisions();
    }

    /** A driver whose policy has 10 s windows judged by windows alone, and fraud v7 deployed with its baseline. */
    private void startTenSecondWindows(String labelDelay, long wallClockStart) throws Exception {
        if (app != null) {
            app.close();
        }
        app = new AppTestDriver(PolicyBook.fromJson("""
                {"defaults": {"windowSize": "PT10S", "windowAdvance": "PT10S", "gracePeriod": "PT2S",
                  "hysteresis": {"windowsToEscalate": 1, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
                  "performance": {"labelDelay": "%s", "minLabels": 100, "minLabelCoverage": 0.5, "falseAlarmBudget": 0},
                  "liveness": {"noDataAfter": "P30D"}}}
                """.formatted(labelDelay)), wallClockStart);
        app.deploy("fraud", "v7", Variant.CHAMPION, T0, Map.of("accuracy", BASELINE));
    }

    private List<PerformanceScored> windowRevisions() {
        return app.<PerformanceScored>read(Topics.PERFORMANCE).stream()
                .filter(p -> !p.getEstimated() && p.getWindowStart().toEpochMilli() == T0).toList();
    }

    record Labelled(String requestId, long time, String truth) {}

    /** n predictions spread over hour h, alternating labels a and b; the truth agrees with the given share, evenly spread. */
    private List<Labelled> serveHour(String model, String version, Variant variant, int h, int n, double accuracy) {
        List<Labelled> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long time = T0 + h * HOUR + i * (HOUR / n);
            String predicted = i % 2 == 0 ? "a" : "b";
            boolean correct = Math.round((i + 1) * accuracy) > Math.round(i * accuracy);
            String id = app.serve(model, version, variant, time,
                    Prediction.newBuilder().setLabel(predicted).setProbabilities(Map.of(predicted, 0.9, other(predicted), 0.1)).build(),
                    20, ServingStatus.OK);
            labels.add(new Labelled(id, time, correct ? predicted : other(predicted)));
        }
        return labels;
    }

    /** Moves stream time with a prediction of an unrelated model. */
    /**
     * Another model's prediction moves the task's time so far that every version that has gone quiet follows it to
     * {@code time} ({@link VersionClock}): a version's clock is its own unless it falls more than the largest lag behind.
     */
    private void clockTick(long time) {
        app.deploy("clock", "v1", Variant.CHAMPION, T0, Map.of());
        app.serve("clock", "v1", Variant.CHAMPION, time + VersionClock.DEFAULT.maxLag().toMillis(), Prediction.newBuilder().setScore(0.5).build(), 1,
                ServingStatus.OK);
    }

    private static String other(String label) {
        return label.equals("a") ? "b" : "a";
    }

    private static double metric(PerformanceScored w, String name) {
        return w.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static Map<Long, PerformanceScored> latestByWindow(List<PerformanceScored> all) {
        return all.stream().filter(p -> !p.getEstimated()).collect(Collectors.toMap(p -> p.getWindowStart().toEpochMilli(), p -> p,
                (a, b) -> a.getRevision() >= b.getRevision() ? a : b, LinkedHashMap::new));
    }
}
