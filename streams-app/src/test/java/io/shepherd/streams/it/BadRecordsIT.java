package io.shepherd.streams.it;

import static io.shepherd.streams.it.InputProducer.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
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
import io.shepherd.serde.ConfluentWireFormat;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * The bad-input catalogue on the real broker and registry: every kind of bad record on each input topic (features,
 * predictions, outcomes, reference rows, lifecycle), sent between valid ones, is dead-lettered exactly once with its
 * reason, the app keeps running on the same stream thread, and every valid record around the bad ones is scored.
 */
@ExtendWith(LocalStackExtension.class)
class BadRecordsIT {

    /**
     * On partition 3 of 4, which only BackfillIT's models share. Event time starts 50 minutes after BackfillIT's, after
     * all of it and within the hour a model version may lag its partition; and each test's app reads what the other
     * left there before the test sends anything. So neither test's records are late for the other's, whichever runs first.
     */
    private static final String MODEL = "bad-records";
    private static final int PARTITION = 3;
    /** Keyed by MODEL like the others (so on the same task) but naming a model no lifecycle event deploys. */
    private static final String GHOST = "ghost-model";
    private static final long MINUTE = 60_000;
    private static final long T0 = InputProducer.PARTITION_3_START + 50 * MINUTE;
    private static final int VALID = 10;
    /** Half a minute of grace: live, a prediction may be read before the feature event sent just before it. */
    private static final String POLICY = """
            {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT30S",
             "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
             "serving": {"minRequests": 5},
             "performance": {"labelDelay": "PT10M", "minLabels": 5, "minLabelCoverage": 0.5},
             "liveness": {"noDataAfter": "P30D"}}""";

    /** One bad record: where it goes, what it holds, and the reason its dead letter must give. */
    private record Bad(String topic, String key, byte[] value, String reason) {
    }

    @Test
    void everyBadRecordOnEveryInputTopicIsDeadLetteredOnceWithItsReasonAndEveryValidOneAroundItIsScored(LocalStack stack,
            @TempDir Path dir) throws Exception {
        assertThat(InputProducer.partitionOf(MODEL)).isEqualTo(PARTITION);
        String application = "bad-records-" + UUID.randomUUID().toString().substring(0, 8);
        // Features and predictions of a version no lifecycle event deploys are dead-lettered once stream time passes them.
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", application, "SHEPHERD_STATE_DIR", dir.toString(), "SHEPHERD_PENDING_MAX_WAIT_MS", "0")));
        int broken = new RegistryHttp(stack.registryUrl()).registerBroken("it-bad-" + application);
        Map<String, Bad> bad = new LinkedHashMap<>();
        Set<String> sent = new HashSet<>();
        try (InputProducer producer = new InputProducer(stack)) {
            producer.policy(MODEL, POLICY);
            producer.deploy(MODEL, "v1", T0);
            KafkaStreams streams = StreamsApp.start(config);
            try {
                CommittedRecords.awaitCaughtUp(stack, application, Topics.FEATURES, Topics.PREDICTIONS, Topics.REFERENCE, Topics.OUTCOMES);
                // Live, a task can read a later record of one partition before an earlier one of another: the record
                // that closes minute 0 waits until the app has consumed all of minute 0.
                CommittedRecords.awaitConsumed(stack, application, interleave(producer, catalogue(producer, broken), bad, sent));
                closeMinuteZero(producer);

                assertValidRecordsScored(stack);
                assertDeadLetteredOnce(stack, application, bad, sent);
                assertThat(streams.state()).as("the app after every bad record").isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(streams.metadataForLocalThreads()).extracting(ThreadMetadata::threadName)
                        .as("the first stream thread, never replaced").singleElement().asString().endsWith("-StreamThread-1");
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Valid predictions, features and labels of minute 0, one a second, with the i-th bad record of every topic a
     * millisecond after the i-th valid one. Returns the records sent to the topics that close windows.
     */
    private static List<RecordMetadata> interleave(InputProducer producer, List<List<Bad>> catalogue, Map<String, Bad> bad,
                                                   Set<String> sent) {
        List<RecordMetadata> gated = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            long time = T0 + i * 1_000L;
            String request = MODEL + "-r" + i;
            gated.add(producer.send(Topics.PREDICTIONS, MODEL, time, prediction(MODEL, "v1", request, time, 0.1 * i, 20)));
            gated.add(producer.send(Topics.FEATURES, MODEL, time, features(MODEL, "v1", "f-" + request, time, Map.of("amount", (double) i))));
            sent.add(where(producer.send(Topics.OUTCOMES, request, time + 500, outcome(MODEL, request, time + 500, i % 2))));
            for (List<Bad> ofTopic : catalogue) {
                if (i < ofTopic.size()) {
                    Bad b = ofTopic.get(i);
                    RecordMetadata at = producer.send(b.topic(), b.key(), time + 1, b.value());
                    bad.put(where(at), b);
                    if (!b.topic().equals(Topics.LIFECYCLE)) {
                        gated.add(at);
                    }
                }
            }
        }
        assertThat(catalogue).allSatisfy(ofTopic -> assertThat(ofTopic).hasSizeLessThanOrEqualTo(VALID));
        gated.forEach(r -> sent.add(where(r)));
        sent.addAll(bad.keySet());
        return gated;
    }

    /** A prediction and features in minute 2, which close minute 0. */
    private static void closeMinuteZero(InputProducer producer) {
        long closing = T0 + 2 * MINUTE;
        producer.send(Topics.PREDICTIONS, MODEL, closing, prediction(MODEL, "v1", "closing", closing, 0.5, 20));
        producer.send(Topics.FEATURES, MODEL, closing, features(MODEL, "v1", "f-closing", closing, Map.of("amount", 1.0)));
    }

    private static void assertValidRecordsScored(LocalStack stack) {
        List<ServingHealthScored> serving = CommittedRecords.readUntil(stack, Topics.SERVING_HEALTH, ServingHealthScored.class,
                BadRecordsIT::ofModel, all -> all.stream().anyMatch(s -> s.getWindowStart().toEpochMilli() == T0));
        assertThat(serving).filteredOn(s -> s.getWindowStart().toEpochMilli() == T0).singleElement()
                .extracting(ServingHealthScored::getRequests).as("requests of minute 0").isEqualTo((long) VALID);
        List<DriftScored> drift = CommittedRecords.readUntil(stack, Topics.DRIFT_SCORES, DriftScored.class, BadRecordsIT::ofModel,
                all -> all.stream().filter(d -> d.getWindowStart().toEpochMilli() == T0).count() >= 2);
        assertThat(drift).filteredOn(d -> d.getWindowStart().toEpochMilli() == T0)
                .extracting(DriftScored::getFeature, DriftScored::getSampleSize).as("features and scores of minute 0")
                .containsExactlyInAnyOrder(tuple("amount", (long) VALID),
                        tuple("prediction.score", (long) VALID));
        List<PerformanceScored> performance = CommittedRecords.readUntil(stack, Topics.PERFORMANCE, PerformanceScored.class,
                BadRecordsIT::ofModel, all -> all.stream().anyMatch(p -> p.getWindowStart().toEpochMilli() == T0 && p.getLabelled() == VALID));
        assertThat(performance).filteredOn(p -> p.getWindowStart().toEpochMilli() == T0 && !p.getEstimated())
                .as("predictions and labels of minute 0, at every revision")
                .allSatisfy(p -> assertThat(p.getPredictions()).isEqualTo(VALID)).last()
                .extracting(PerformanceScored::getLabelled).isEqualTo((long) VALID);
    }

    /** The dead letters of this app for the records this test sent: one per bad record, with its reason and bytes. */
    private static void assertDeadLetteredOnce(LocalStack stack, String application, Map<String, Bad> bad, Set<String> sent) {
        List<DeadLettered> letters = CommittedRecords.readUntil(stack, Topics.DEAD_LETTERS, DeadLettered.class,
                d -> d.getApplication().equals(application) && sent.contains(where(d)), all -> all.size() >= bad.size());
        assertThat(letters).as("no record dead-lettered twice").extracting(InputProducer::where).doesNotHaveDuplicates();
        assertThat(letters).as("the dead letters of the bad records, and of no valid one")
                .extracting(InputProducer::where, DeadLettered::getReason)
                .containsExactlyInAnyOrderElementsOf(bad.entrySet().stream().map(e -> tuple(e.getKey(), e.getValue().reason())).toList());
        assertThat(letters).allSatisfy(d -> {
            assertThat(d.getDetail()).as("detail of " + d.getReason()).isNotBlank();
            byte[] original = d.getOriginalValue() == null ? null : bytes(d.getOriginalValue());
            assertThat(original).as("original value of the " + d.getReason() + " at " + where(d)).isEqualTo(bad.get(where(d)).value());
        });
    }

    /** Per topic, every kind of bad record the app must dead-letter there. */
    private static List<List<Bad>> catalogue(InputProducer producer, int broken) {
        return List.of(badPredictions(producer, broken), badFeatures(producer, broken), badOutcomes(producer, broken),
                badReferenceRows(producer, broken), badLifecycleEvents(producer, broken));
    }

    private static List<Bad> badPredictions(InputProducer producer, int broken) {
        String p = Topics.PREDICTIONS;
        Function<PredictionServed, byte[]> encode = e -> producer.encode(p, e);
        return List.of(
                new Bad(p, MODEL, "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), "WRONG_MAGIC_BYTE"),
                new Bad(p, MODEL, new byte[] {0, 0, 0, 0x7f, 0x11, 2}, "UNKNOWN_SCHEMA_ID"),
                new Bad(p, MODEL, truncated(encode.apply(prediction(MODEL, "v1", "bad", T0 + 1, 0.5, 20))), "UNDECODABLE"),
                new Bad(p, MODEL, producer.encode("elsewhere", lifecycle(MODEL, "bad-other-schema", "v2", Map.of())), "UNDECODABLE"),
                new Bad(p, MODEL, unresolvable(broken), "SCHEMA_NOT_REGISTERED"),
                new Bad(p, MODEL, encode.apply(prediction(MODEL, "v1", "bad", T0 + 1, 0.5, Double.NaN)), "NAN_VALUE"),
                new Bad(p, MODEL, encode.apply(prediction(MODEL, "v1", "bad", T0 + 1, Double.NaN, 20)), "NAN_VALUE"),
                new Bad(p, MODEL, encode.apply(prediction("", "v1", "bad", T0 + 1, 0.5, 20)), "MISSING_FIELD"),
                new Bad(p, MODEL, encode.apply(prediction(MODEL, "v9", "bad", T0 + 1, 0.5, 20)), "UNKNOWN_MODEL"),
                new Bad(p, MODEL, null, "UNDECODABLE"));
    }

    /** Bad feature events, through the version gate: a model no lifecycle event deploys waits there, then is refused. */
    private static List<Bad> badFeatures(InputProducer producer, int broken) {
        Function<Map<String, Object>, byte[]> encode = values -> producer.encode(Topics.FEATURES, features(MODEL, "v1", "bad-f", T0 + 1, values));
        List<Bad> bad = new ArrayList<>(badFeaturesObserved(Topics.FEATURES, producer, broken));
        bad.add(new Bad(Topics.FEATURES, MODEL, encode.apply(Map.of("amount", "high")), "WRONG_TYPE"));
        bad.add(new Bad(Topics.FEATURES, MODEL, encode.apply(Map.of("vector", List.of())), "WRONG_TYPE"));
        return bad;
    }

    private static List<Bad> badOutcomes(InputProducer producer, int broken) {
        String o = Topics.OUTCOMES;
        Function<OutcomeObserved, byte[]> encode = e -> producer.encode(o, e);
        return List.of(
                new Bad(o, "bad-o1", new byte[] {0, 1}, "WRONG_MAGIC_BYTE"),
                new Bad(o, "bad-o2", new byte[] {0, 0, 0, 0x7f, 0x13, 2}, "UNKNOWN_SCHEMA_ID"),
                new Bad(o, "bad-o3", truncated(encode.apply(outcome(MODEL, "bad-o3", T0 + 1, 1))), "UNDECODABLE"),
                new Bad(o, "bad-o4", unresolvable(broken), "SCHEMA_NOT_REGISTERED"),
                new Bad(o, "bad-o5", encode.apply(outcome(MODEL, "bad-o5", T0 + 1, Double.NaN)), "NAN_VALUE"),
                new Bad(o, "bad-o6", encode.apply(outcome(MODEL, "", T0 + 1, 1)), "MISSING_FIELD"),
                new Bad(o, "bad-o7", encode.apply(outcome(GHOST, "bad-o7", T0 + 1, 1)), "UNKNOWN_MODEL"));
    }

    /**
     * Bad reference rows, which do not pass the version gate. The model's reference is built from its first served
     * windows, so even a well-formed row is refused.
     */
    private static List<Bad> badReferenceRows(InputProducer producer, int broken) {
        String r = Topics.REFERENCE;
        List<Bad> bad = new ArrayList<>(badFeaturesObserved(r, producer, broken));
        bad.add(new Bad(r, MODEL, producer.encode(r, features(MODEL, "v9", "bad-r", T0 + 1, Map.of("amount", 1.0))), "UNKNOWN_MODEL"));
        bad.add(new Bad(r, MODEL, producer.encode(r, features(MODEL, "v1", "bad-r", T0 + 1, Map.of("amount", 1.0))), "WRONG_TYPE"));
        return bad;
    }

    /** What can be wrong with a FeaturesObserved record on either topic that carries them. */
    private static List<Bad> badFeaturesObserved(String topic, InputProducer producer, int broken) {
        Function<FeaturesObserved, byte[]> encode = e -> producer.encode(topic, e);
        return List.of(
                new Bad(topic, MODEL, new byte[] {1, 0, 0, 0, 1, 2}, "WRONG_MAGIC_BYTE"),
                new Bad(topic, MODEL, new byte[] {0, 0, 0, 0x7f, 0x12, 2}, "UNKNOWN_SCHEMA_ID"),
                new Bad(topic, MODEL, truncated(encode.apply(features(MODEL, "v1", "bad", T0 + 1, Map.of("amount", 1.0)))), "UNDECODABLE"),
                new Bad(topic, MODEL, unresolvable(broken), "SCHEMA_NOT_REGISTERED"),
                new Bad(topic, MODEL, encode.apply(features(MODEL, "v1", "bad", T0 + 1, Map.of("amount", Double.NaN))), "NAN_VALUE"),
                new Bad(topic, MODEL, encode.apply(features(MODEL, "v1", "", T0 + 1, Map.of("amount", 1.0))), "MISSING_FIELD"),
                new Bad(topic, MODEL, encode.apply(features(GHOST, "v1", "bad", T0 + 1, Map.of("amount", 1.0))), "UNKNOWN_MODEL"));
    }

    /** Keyed by event id like every lifecycle record: the topic is compacted. */
    private static List<Bad> badLifecycleEvents(InputProducer producer, int broken) {
        String l = Topics.LIFECYCLE;
        Function<ModelLifecycle, byte[]> encode = e -> producer.encode(l, e);
        return List.of(
                new Bad(l, "bad-l1", new byte[] {2, 2, 2, 2, 2, 2}, "WRONG_MAGIC_BYTE"),
                new Bad(l, "bad-l2", new byte[] {0, 0, 0, 0x7f, 0x15, 2}, "UNKNOWN_SCHEMA_ID"),
                new Bad(l, "bad-l3", truncated(encode.apply(lifecycle(MODEL, "bad-l3", "v2", Map.of()))), "UNDECODABLE"),
                new Bad(l, "bad-l4", unresolvable(broken), "SCHEMA_NOT_REGISTERED"),
                new Bad(l, "bad-l5", encode.apply(lifecycle(MODEL, "bad-l5", "", Map.of())), "MISSING_FIELD"),
                new Bad(l, "bad-l6", encode.apply(lifecycle(MODEL, "", "v2", Map.of())), "MISSING_FIELD"),
                new Bad(l, "bad-l7", encode.apply(lifecycle(MODEL, "bad-l7", "v2", Map.of("accuracy", Double.NaN))), "NAN_VALUE"));
    }

    private static byte[] truncated(byte[] framed) {
        return Arrays.copyOf(framed, framed.length - 3);
    }

    /** Framed with the id of a schema whose reference no longer resolves; the bytes after the header do not matter. */
    private static byte[] unresolvable(int schemaId) {
        byte[] header = ConfluentWireFormat.header(schemaId);
        byte[] framed = Arrays.copyOf(header, header.length + 1);
        return framed;
    }

    private static PredictionServed prediction(String modelId, String version, String requestId, long time, double score, double latency) {
        return PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId).setModelId(modelId).setModelVersion(version)
                .setVariant(Variant.CHAMPION).setEventTime(Instant.ofEpochMilli(time)).setPrediction(Prediction.newBuilder()
                        .setScore(score).build()).setLatencyMs(latency).setStatus(ServingStatus.OK).build();
    }

    private static FeaturesObserved features(String modelId, String version, String eventId, long time, Map<String, Object> values) {
        return FeaturesObserved.newBuilder().setEventId(eventId).setRequestId(eventId).setModelId(modelId).setModelVersion(version)
                .setEventTime(Instant.ofEpochMilli(time)).setFeatures(values).build();
    }

    private static OutcomeObserved outcome(String modelId, String requestId, long time, double truth) {
        return OutcomeObserved.newBuilder().setEventId("o-" + requestId + "-" + time).setRequestId(requestId).setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(time)).setGroundTruth(truth).build();
    }

    private static ModelLifecycle lifecycle(String modelId, String eventId, String toVersion, Map<String, Double> baseline) {
        return ModelLifecycle.newBuilder().setEventId(eventId).setModelId(modelId).setEventTime(Instant.ofEpochMilli(T0))
                .setType(LifecycleEventType.DEPLOYED).setToVersion(toVersion).setBaseline(baseline).build();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    private static boolean ofModel(Object event) {
        return event.toString().contains("\"" + MODEL + "\"");
    }
}
