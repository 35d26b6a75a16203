package io.shepherd.streams.pending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.window.VersionClock;

/** Features and predictions of a version the lifecycle has not announced yet wait for it, through the whole app. */
class PendingVersionsTopologyTest {

    static final long MINUTE = 60_000;
    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % MINUTE;
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "serving": {"minRequests": 5},
              "performance": {"labelDelay": "PT10M", "minLabels": 5, "minLabelCoverage": 0.5},
              "liveness": {"noDataAfter": "P30D"}}}
            """;

    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void recordsTwoSecondsBeforeTheirDeployedEventAndInItsMillisecondAreAllScored() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        long deployedAt = T0 + 2_000;
        serveAndObserve("v2", T0);
        serveAndObserve("v2", deployedAt);
        app.deploy("fraud", "v2", Variant.CHAMPION, deployedAt, Map.of());
        for (int i = 3; i < 10; i++) {
            serveAndObserve("v2", T0 + i * 1_000L);
        }
        serveAndObserve("v2", T0 + 2 * MINUTE);

        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(windowOf(ServingHealthScored.class, Topics.SERVING_HEALTH, "v2")).extracting(ServingHealthScored::getRequests)
                .isEqualTo(9L);
        assertThat(windowOf(PerformanceScored.class, Topics.PERFORMANCE, "v2")).extracting(PerformanceScored::getPredictions)
                .isEqualTo(9L);
        assertThat(driftSampleSize("v2", "amount")).isEqualTo(9);
        assertThat(driftSampleSize("v2", "prediction.score")).isEqualTo(9);
    }

    @Test
    void heldRecordsAreReleasedByTheWallClockWithoutWaitingForAnotherRecordOfTheirVersion() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        serveAndObserve("v2", T0 + 1_000);
        app.deploy("fraud", "v2", Variant.CHAMPION, T0 + 1_000, Map.of());
        app.advanceWallClock(Duration.ofSeconds(1));
        // No later record of v2: its window closes once v1 has moved the partition the largest lag past it.
        serveAndObserve("v1", T0 + 2 * MINUTE + VersionClock.DEFAULT.maxLag().toMillis());

        assertThat(driftSampleSize("v2", "amount")).isEqualTo(1);
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
    }

    @Test
    void aVersionNeverDeployedIsDeadLetteredOnceAfterFiveMinutesOfEventTimeAndNotBefore() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        serveAndObserve("v9", T0);
        for (long t = T0 + 30_000; t <= T0 + 5 * MINUTE; t += 30_000) {
            serveAndObserve("v1", t);
        }
        app.advanceWallClock(Duration.ofSeconds(5));
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).as("before five minutes").isEmpty();

        serveAndObserve("v1", T0 + 5 * MINUTE + 1_000);
        // Each held record waits on its own topic's time: the feature is past five minutes once its topic is, at the
        // next look at the held records (every second of wall-clock time).
        app.advanceWallClock(Duration.ofSeconds(1));

        List<DeadLettered> letters = app.read(Topics.DEAD_LETTERS);
        assertThat(letters).extracting(DeadLettered::getReason).containsExactly("UNKNOWN_MODEL", "UNKNOWN_MODEL");
        assertThat(letters).extracting(DeadLettered::getSourceTopic).containsExactlyInAnyOrder(Topics.PREDICTIONS, Topics.FEATURES);
        assertThat(letters).allSatisfy(d -> assertThat(d.getDetail()).contains("v9").contains("301000 ms"));
        assertThat(letters).allSatisfy(d -> assertThat(d.getFailedAt().toEpochMilli()).isEqualTo(T0));
        assertThat(app.deadLettersCounted("UNKNOWN_MODEL")).isEqualTo(2.0);
    }

    @Test
    void aHeldRecordWaitsOnItsOwnTopicsTimeNotOnTheOtherTopicReadFurther() throws Exception {
        // A catching-up task may read the predictions minutes of event time ahead of the features (max.task.idle.ms=-1).
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0);
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        app.observe("fraud", "v9", T0, Map.of("amount", 1.0));
        app.observe("fraud", "v1", T0, Map.of("amount", 1.0));
        for (long t = T0 + 30_000; t <= T0 + 6 * MINUTE; t += 30_000) {
            app.serve("fraud", "v1", Variant.CHAMPION, t, score(0.5), 20, ServingStatus.OK);
        }
        app.advanceWallClock(Duration.ofSeconds(5));
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).as("the features have not moved five minutes past it").isEmpty();

        app.deploy("fraud", "v9", Variant.CHAMPION, T0 + 6 * MINUTE, Map.of());
        app.advanceWallClock(VersionClock.DEFAULT_INPUT_IDLE);
        app.observe("fraud", "v9", T0 + 2 * MINUTE, Map.of("amount", 1.0));

        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();
        assertThat(driftSampleSize("v9", "amount")).isEqualTo(1);
    }

    @Test
    void beyondTheBoundTheOldestHeldRecordIsDeadLetteredAtOnce() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0, new PendingSettings(Duration.ofMinutes(5), 2));
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
        app.serve("fraud", "v9", Variant.CHAMPION, T0, score(0.1), 20, ServingStatus.OK);
        app.serve("fraud", "v9", Variant.CHAMPION, T0 + 1, score(0.2), 20, ServingStatus.OK);
        assertThat(app.<DeadLettered>read(Topics.DEAD_LETTERS)).isEmpty();

        app.serve("fraud", "v9", Variant.CHAMPION, T0 + 2, score(0.3), 20, ServingStatus.OK);

        List<DeadLettered> letters = app.read(Topics.DEAD_LETTERS);
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.getReason()).isEqualTo("UNKNOWN_MODEL");
            assertThat(d.getFailedAt().toEpochMilli()).isEqualTo(T0);
            assertThat(d.getDetail()).contains("evicted").contains("holds 2 records");
        });
    }

    private void serveAndObserve(String version, long time) {
        app.serve("fraud", version, Variant.CHAMPION, time, score(0.5), 20, ServingStatus.OK);
        app.observe("fraud", version, time, Map.of("amount", 1.0));
    }

    private static Prediction score(double score) {
        return Prediction.newBuilder().setScore(score).build();
    }

    private <T> T windowOf(Class<T> type, String topic, String version) {
        T last = null;
        for (Object o : app.read(topic)) {
            long start = o instanceof ServingHealthScored s ? s.getWindowStart().toEpochMilli()
                    : ((PerformanceScored) o).getWindowStart().toEpochMilli();
            String v = o instanceof ServingHealthScored s ? s.getModelVersion() : ((PerformanceScored) o).getModelVersion();
            if (start == T0 && v.equals(version)) {
                last = type.cast(o);
            }
        }
        assertThat(last).as("window of minute 0 of " + version + " on " + topic).isNotNull();
        return last;
    }

    private long driftSampleSize(String version, String feature) {
        return app.<DriftScored>read(Topics.DRIFT_SCORES).stream()
                .filter(d -> d.getModelVersion().equals(version) && d.getFeature().equals(feature)
                        && d.getWindowStart().toEpochMilli() == T0)
                .findFirst().orElseThrow(() -> new AssertionError("no DriftScored of " + version + " " + feature)).getSampleSize();
    }
}
