package io.shepherd.streams.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.policy.PolicyBook;

/**
 * Every kind of bad record on each input topic, between valid ones: each is dead-lettered once with its reason and
 * counted, and every valid record around it is still scored by drift, serving and performance.
 */
class BadRecordsTopologyTest {

    static final long T0 = 1_764_000_000_000L - 1_764_000_000_000L % 60_000;
    static final long MINUTE = 60_000;
    static final int VALID = 10;
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "serving": {"minRequests": 5},
              "performance": {"labelDelay": "PT10M", "minLabels": 5, "minLabelCoverage": 0.5},
              "liveness": {"noDataAfter": "P30D"}}}
            """;

    private AppTestDriver app;

    @BeforeEach
    void start() throws Exception {
        // Unknown versions dead-lettered as soon as stream time passes them: the wait is PendingVersionsTopologyTest's.
        app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0, new PendingSettings(Duration.ZERO, PendingSettings.DEFAULTS.maxHeld()));
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());
    }

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void badPredictionsAreDeadLetteredOnceWithTheirReasonAndTheValidOnesAroundThemAreAllScored() {
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        PredictionServed good = prediction("fraud", "v1", 0.5, 20);
        bad.put("WRONG_MAGIC_BYTE", "{\"not\":\"avro\"}".getBytes());
        bad.put("UNKNOWN_SCHEMA_ID", new byte[] {0, 0, 0, 0x7f, 0x11, 2});
        bad.put("UNDECODABLE", truncated(app.encode(Topics.PREDICTIONS, good)));
        bad.put("UNDECODABLE ", app.encode("elsewhere", lifecycle("fraud", Map.of())));
        bad.put("NAN_VALUE", app.encode(Topics.PREDICTIONS, prediction("fraud", "v1", 0.5, Double.NaN)));
        bad.put("NAN_VALUE ", app.encode(Topics.PREDICTIONS, prediction("fraud", "v1", Double.NaN, 20)));
        bad.put("MISSING_FIELD", app.encode(Topics.PREDICTIONS, prediction("", "v1", 0.5, 20)));
        bad.put("UNKNOWN_MODEL", app.encode(Topics.PREDICTIONS, prediction("fraud", "v9", 0.5, 20)));
        bad.put("UNDECODABLE  ", null);

        List<String> requests = interleave(Topics.PREDICTIONS, bad);

        assertDeadLettered(Topics.PREDICTIONS, bad);
        assertThat(this.<ServingHealthScored>windowOf(Topics.SERVING_HEALTH).getRequests()).isEqualTo(VALID);
        assertThat(this.<PerformanceScored>windowOf(Topics.PERFORMANCE).getPredictions()).isEqualTo(VALID);
        assertThat(requests).hasSize(VALID);
        assertThat(driftSampleSize("prediction.score")).isEqualTo(VALID);
    }

    @Test
    void badFeaturesAreDeadLetteredOnceWithTheirReasonAndTheValidOnesAroundThemAreAllScored() {
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("WRONG_MAGIC_BYTE", new byte[] {1, 0, 0, 0, 1, 2});
        bad.put("UNKNOWN_SCHEMA_ID", new byte[] {0, 0, 0, 0x7f, 0x12, 2});
        bad.put("UNDECODABLE", truncated(app.encode(Topics.FEATURES, features("fraud", "v1", "f", 1.0))));
        bad.put("NAN_VALUE", app.encode(Topics.FEATURES, features("fraud", "v1", "f", Double.NaN)));
        bad.put("MISSING_FIELD", app.encode(Topics.FEATURES, features("fraud", "v1", "", 1.0)));
        bad.put("UNKNOWN_MODEL", app.encode(Topics.FEATURES, features("ghost", "v1", "g", 1.0)));

        interleave(Topics.FEATURES, bad);

        assertDeadLettered(Topics.FEATURES, bad);
        assertThat(driftSampleSize("amount")).isEqualTo(VALID);
    }

    @Test
    void badOutcomesAreDeadLetteredOnceWithTheirReasonAndTheValidOnesAroundThemAreAllCounted() {
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("WRONG_MAGIC_BYTE", new byte[] {0, 1});
        bad.put("UNKNOWN_SCHEMA_ID", new byte[] {0, 0, 0, 0x7f, 0x13, 2});
        bad.put("UNDECODABLE", truncated(app.encode(Topics.OUTCOMES, outcome("fraud", "r", 1.0))));
        bad.put("NAN_VALUE", app.encode(Topics.OUTCOMES, outcome("fraud", "r", Double.NaN)));
        bad.put("MISSING_FIELD", app.encode(Topics.OUTCOMES, outcome("fraud", "", 1.0)));
        bad.put("UNKNOWN_MODEL", app.encode(Topics.OUTCOMES, outcome("ghost", "r", 1.0)));

        interleave(Topics.OUTCOMES, bad);

        assertDeadLettered(Topics.OUTCOMES, bad);
        assertThat(this.<PerformanceScored>windowOf(Topics.PERFORMANCE).getLabelled()).isEqualTo(VALID);
    }

    /**
     * Valid predictions, features and labels of minute 0 with the bad records of one topic between them, then one
     * request (prediction and features) in minute 2 that closes minute 0 everywhere; returns the valid request ids.
     */
    private List<String> interleave(String badTopic, Map<String, byte[]> bad) {
        List<String> requests = new java.util.ArrayList<>();
        List<byte[]> records = new java.util.ArrayList<>(bad.values());
        for (int i = 0; i < VALID; i++) {
            long time = T0 + i * 1_000L;
            String id = app.serve("fraud", "v1", Variant.CHAMPION, time, Prediction.newBuilder().setScore(0.1 * i).build(), 20,
                    ServingStatus.OK);
            requests.add(id);
            app.observe("fraud", "v1", time, Map.of("amount", (double) i));
            app.label("fraud", id, time + 500, 0.1 * i);
            if (i < records.size()) {
                app.pipeRaw(badTopic, badTopic.equals(Topics.OUTCOMES) ? "r" : "fraud", records.get(i), time + 1);
            }
        }
        for (int i = VALID; i < records.size(); i++) {
            app.pipeRaw(badTopic, "fraud", records.get(i), T0 + VALID * 1_000L);
        }
        app.serve("fraud", "v1", Variant.CHAMPION, T0 + 2 * MINUTE, Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
        app.observe("fraud", "v1", T0 + 2 * MINUTE, Map.of("amount", 0.5));
        return requests;
    }

    private void assertDeadLettered(String topic, Map<String, byte[]> bad) {
        List<DeadLettered> letters = app.<DeadLettered>read(Topics.DEAD_LETTERS);
        List<String> reasons = bad.keySet().stream().map(String::trim).toList();
        assertThat(letters).as("one dead letter per bad record, none for a valid one")
                .allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(topic))
                .extracting(DeadLettered::getReason).containsExactlyElementsOf(reasons);
        assertThat(letters).extracting(DeadLettered::getEventId).doesNotHaveDuplicates();
        assertThat(letters).allSatisfy(d -> assertThat(d.getDetail()).isNotBlank());
        List<byte[]> values = new java.util.ArrayList<>(bad.values());
        for (int i = 0; i < letters.size(); i++) {
            byte[] original = letters.get(i).getOriginalValue() == null ? null : letters.get(i).getOriginalValue().array();
            assertThat(original).as(reasons.get(i)).isEqualTo(values.get(i));
        }
        Map<String, Long> perReason = new HashMap<>();
        reasons.forEach(r -> perReason.merge(r, 1L, Long::sum));
        perReason.forEach((reason, n) -> assertThat(app.deadLettersCounted(reason)).as(reason).isEqualTo((double) n));
    }

    private <T> T windowOf(String topic) {
        List<Object> all = app.read(topic);
        Object last = null;
        for (Object o : all) {
            long start = o instanceof ServingHealthScored s ? s.getWindowStart().toEpochMilli()
                    : ((PerformanceScored) o).getWindowStart().toEpochMilli();
            if (start == T0) {
                last = o;
            }
        }
        assertThat(last).as("window of minute 0 on " + topic).isNotNull();
        @SuppressWarnings("unchecked")
        T window = (T) last;
        return window;
    }

    private long driftSampleSize(String feature) {
        return app.<DriftScored>read(Topics.DRIFT_SCORES).stream()
                .filter(d -> d.getFeature().equals(feature) && d.getWindowStart().toEpochMilli() == T0)
                .findFirst().orElseThrow(() -> new AssertionError("no DriftScored of " + feature)).getSampleSize();
    }

    static byte[] truncated(byte[] framed) {
        return Arrays.copyOf(framed, framed.length - 3);
    }

    static PredictionServed prediction(String modelId, String version, double score, double latency) {
        return PredictionServed.newBuilder().setEventId("bad-p").setRequestId("bad-r").setModelId(modelId).setModelVersion(version)
                .setVariant(Variant.CHAMPION).setEventTime(Instant.ofEpochMilli(T0 + 1)).setPrediction(Prediction.newBuilder()
                        .setScore(score).build()).setLatencyMs(latency).setStatus(ServingStatus.OK).build();
    }

    static FeaturesObserved features(String modelId, String version, String eventId, double amount) {
        return FeaturesObserved.newBuilder().setEventId(eventId).setRequestId("bad-r").setModelId(modelId).setModelVersion(version)
                .setEventTime(Instant.ofEpochMilli(T0 + 1)).setFeatures(Map.of("amount", amount)).build();
    }

    static OutcomeObserved outcome(String modelId, String requestId, double truth) {
        return OutcomeObserved.newBuilder().setEventId("bad-o").setRequestId(requestId).setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(T0 + 1)).setGroundTruth(truth).build();
    }

    static ModelLifecycle lifecycle(String modelId, Map<String, Double> baseline) {
        return ModelLifecycle.newBuilder().setEventId("bad-l").setModelId(modelId).setEventTime(Instant.ofEpochMilli(T0))
                .setType(LifecycleEventType.DEPLOYED).setToVersion("v2").setBaseline(baseline).build();
    }
}
