package io.shepherd.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.policy.PolicyBook;

/**
 * Two models on one task, one replayed 20 minutes of event time behind the other (a backfill, a lagging producer):
 * each version's lateness and windows follow its own event time, so nothing within its own grace is dead-lettered
 * LATE and every window of both is scored with its exact counts; what is late for its own version still is. The same
 * holds between a version's own inputs: its windows wait for the one furthest behind until it is idle.
 */
class VersionClockTopologyTest {

    static final long MINUTE = 60_000;
    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % MINUTE;
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "serving": {"minRequests": 5},
              "liveness": {"noDataAfter": "P30D"}}}
            """;

    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void aModelReplayedTwentyMinutesBehindAnotherLosesNothingAndHasEveryWindowScored() throws Exception {
        start();
        // A runs live for 20 minutes, then B sends its 20 minutes from the same start, interleaved with A's next ones.
        for (int m = 0; m < 20; m++) {
            sendMinute("live", m);
        }
        for (int m = 0; m < 20; m++) {
            sendMinute("backfill", m);
            sendMinute("live", 20 + m);
        }
        sendMinute("backfill", 20);

        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
        List<DriftScored> drift = app.read(Topics.DRIFT_SCORES);
        List<ServingHealthScored> serving = app.read(Topics.SERVING_HEALTH);
        for (int m = 0; m < 20; m++) {
            long start = T0 + m * MINUTE;
            assertThat(valuesOf(drift, "backfill", start)).as("backfill drift, minute %d", m).isEqualTo(3);
            assertThat(requestsOf(serving, "backfill", start)).as("backfill serving, minute %d", m).isEqualTo(3);
            assertThat(valuesOf(drift, "live", start)).as("live drift, minute %d", m).isEqualTo(3);
        }
    }

    @Test
    void anEventLateForItsOwnVersionIsStillDeadLetteredLate() throws Exception {
        start();
        sendMinute("backfill", 0);
        sendMinute("backfill", 1);
        sendMinute("backfill", 2);

        observe("backfill", T0 + 30_000);

        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getReason()).isEqualTo("LATE");
            assertThat(d.getModelId()).isEqualTo("backfill");
            assertThat(d.getDetail()).contains("backfill|v1 is " + (T0 + 2 * MINUTE + 40_000));
        });
    }

    @Test
    void aVersionThatStopsSendingHasItsWindowsClosedOnceThePartitionIsTheLargestLagPastIt() throws Exception {
        start();
        sendMinute("backfill", 0);
        sendMinute("live", 0);
        sendMinute("live", 30);
        assertThat(app.<DriftScored>read(Topics.DRIFT_SCORES)).filteredOn(s -> s.getModelId().equals("backfill")).isEmpty();

        sendMinute("live", 62);

        List<DriftScored> drift = app.read(Topics.DRIFT_SCORES);
        assertThat(valuesOf(drift, "backfill", T0)).isEqualTo(3);
    }

    @Test
    void predictionsReadFiftyMinutesAheadOfTheFeaturesMakeNoFeatureLateAndEveryWindowHasItsExactCounts() throws Exception {
        // A catching-up task is handed whichever partition has records fetched (max.task.idle.ms=-1): here a version's
        // predictions come fifty minutes of event time before its features. Its windows wait for the features.
        start();
        observeMinute("live", 0);
        for (int m = 0; m <= 50; m++) {
            serveMinute("live", m);
        }
        assertThat(app.<DriftScored>read(Topics.DRIFT_SCORES)).as("no window closes before the features reach it").isEmpty();
        for (int m = 1; m <= 50; m++) {
            observeMinute("live", m);
        }
        sendMinute("live", 51);

        assertEveryRequestCountedUpTo("live", 50);
    }

    @Test
    void featuresReadAheadOfThePredictionsMakeNoPredictionLate() throws Exception {
        start();
        serveMinute("live", 0);
        for (int m = 0; m <= 20; m++) {
            observeMinute("live", m);
        }
        for (int m = 1; m <= 20; m++) {
            serveMinute("live", m);
        }
        sendMinute("live", 21);

        assertEveryRequestCountedUpTo("live", 20);
    }

    /** No dead letter, and each minute up to {@code lastMinute} has its three requests' features, scores and serving. */
    private void assertEveryRequestCountedUpTo(String model, int lastMinute) {
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
        List<DriftScored> drift = app.read(Topics.DRIFT_SCORES);
        List<ServingHealthScored> serving = app.read(Topics.SERVING_HEALTH);
        for (int m = 0; m <= lastMinute; m++) {
            long start = T0 + m * MINUTE;
            assertThat(valuesOf(drift, model, start)).as("features, minute %d", m).isEqualTo(3);
            assertThat(scoresOf(drift, model, start)).as("prediction scores, minute %d", m).isEqualTo(3);
            assertThat(requestsOf(serving, model, start)).as("serving, minute %d", m).isEqualTo(3);
        }
    }

    @Test
    void aVersionWhoseFeaturesStopHasItsWindowsClosedByItsPredictionsOnceTheFeaturesAreIdle() throws Exception {
        start();
        sendMinute("live", 0);
        serveMinute("live", 1);
        serveMinute("live", 2);
        assertThat(app.<DriftScored>read(Topics.DRIFT_SCORES)).as("the features may still come").isEmpty();

        app.advanceWallClock(VersionClock.DEFAULT_INPUT_IDLE);
        serveMinute("live", 3);

        List<DriftScored> drift = app.read(Topics.DRIFT_SCORES);
        assertThat(valuesOf(drift, "live", T0)).isEqualTo(3);
        assertThat(scoresOf(drift, "live", T0 + MINUTE)).isEqualTo(3);
        assertThat(scoresOf(drift, "live", T0 + 2 * MINUTE)).isEqualTo(3);

        // The features send again, behind windows scored meanwhile: late, not lost.
        observe("live", T0 + MINUTE + 10_000);
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).singleElement().satisfies(d -> {
            assertThat(d.getReason()).isEqualTo("LATE");
            assertThat(d.getDetail()).contains("scored up to " + (T0 + 3 * MINUTE));
        });
    }

    private void start() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("live", "v1", Variant.CHAMPION, T0, Map.of());
        app.deploy("backfill", "v1", Variant.CHAMPION, T0, Map.of());
    }

    /** Three requests in the minute, each a prediction and its features. */
    private void sendMinute(String model, int minute) {
        for (int i = 0; i < 3; i++) {
            long time = T0 + minute * MINUTE + 10_000 + i * 15_000;
            app.serve(model, "v1", Variant.CHAMPION, time, Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
            observe(model, time);
        }
    }

    private void serveMinute(String model, int minute) {
        for (int i = 0; i < 3; i++) {
            app.serve(model, "v1", Variant.CHAMPION, T0 + minute * MINUTE + 10_000 + i * 15_000,
                    Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
        }
    }

    private void observeMinute(String model, int minute) {
        for (int i = 0; i < 3; i++) {
            observe(model, T0 + minute * MINUTE + 10_000 + i * 15_000);
        }
    }

    private static long scoresOf(List<DriftScored> drift, String model, long windowStart) {
        return drift.stream().filter(s -> s.getModelId().equals(model) && s.getFeature().equals("prediction.score")
                && s.getWindowStart().toEpochMilli() == windowStart).mapToLong(DriftScored::getSampleSize).sum();
    }

    private void observe(String model, long time) {
        app.observe(model, "v1", time, Map.of("amount", (double) (time % 97)));
    }

    private static long valuesOf(List<DriftScored> drift, String model, long windowStart) {
        return drift.stream().filter(s -> s.getModelId().equals(model) && s.getFeature().equals("amount")
                && s.getWindowStart().toEpochMilli() == windowStart).mapToLong(DriftScored::getSampleSize).sum();
    }

    private static long requestsOf(List<ServingHealthScored> serving, String model, long windowStart) {
        return serving.stream().filter(s -> s.getModelId().equals(model) && s.getWindowStart().toEpochMilli() == windowStart)
                .mapToLong(ServingHealthScored::getRequests).sum();
    }
}
