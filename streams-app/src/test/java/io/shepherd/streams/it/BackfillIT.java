package io.shepherd.streams.it;

import static io.shepherd.streams.it.InputProducer.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.RecordMetadata;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * Two models on one input partition, one replayed 20 minutes of event time behind the other (a backfill next to a
 * live model), on the real broker: lateness is judged on each model's own event time, so neither model loses a record
 * that is within its own grace and both get every 1-minute window scored with every value; a record of the replayed
 * model that is past its own window's grace is still dead-lettered LATE.
 */
@ExtendWith(LocalStackExtension.class)
class BackfillIT {

    /**
     * Both on partition 3 of 4, shared only with BadRecordsIT, whose event time starts 50 minutes after this test's:
     * later than all of it, and within the hour a model version may lag its partition.
     */
    private static final String LIVE = "ahead-model";
    private static final String REPLAYED = "replayed-model";
    private static final int PARTITION = 3;
    private static final long MINUTE = 60_000;
    private static final long T0 = InputProducer.PARTITION_3_START;
    private static final int MINUTES = 20;
    private static final int PER_MINUTE = 6;
    private static final long EVERY = MINUTE / PER_MINUTE;
    /**
     * Live, a task may read a model's prediction before the feature event sent just before it (the two topics are
     * fetched apart): half a minute of grace keeps such a record in its window. The records that close the last
     * windows wait until the app has consumed all before them, for the same reason.
     */
    private static final long GRACE = 30_000;
    private static final String POLICY = InputProducer.minuteWindows(Duration.ofMillis(GRACE));

    @Test
    void aModelReplayedTwentyMinutesBehindAnotherOnItsPartitionLosesNoRecordAndBothGetEveryWindowScored(LocalStack stack,
            @TempDir Path dir) throws Exception {
        assertThat(List.of(InputProducer.partitionOf(LIVE), InputProducer.partitionOf(REPLAYED))).containsOnly(PARTITION);
        String application = "backfill-" + UUID.randomUUID().toString().substring(0, 8);
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", application, "SHEPHERD_STATE_DIR", dir.toString())));
        Set<String> sent = new HashSet<>();
        try (InputProducer producer = new InputProducer(stack)) {
            for (String model : List.of(LIVE, REPLAYED)) {
                producer.policy(model, POLICY);
                producer.deploy(model, "v1", T0);
            }
            KafkaStreams streams = StreamsApp.start(config);
            try {
                CommittedRecords.awaitCaughtUp(stack, application, Topics.FEATURES, Topics.PREDICTIONS, Topics.REFERENCE, Topics.OUTCOMES);
                CommittedRecords.awaitConsumed(stack, application, streamBoth(producer, sent));
                Sent closing = closeAndSendOneTooLate(producer, sent);
                CommittedRecords.awaitConsumed(stack, application, closing.last());

                assertOnlyTheRecordPastItsOwnGraceIsLate(stack, application, sent, closing.tooLate());
                assertEveryWindowScoredWithEveryValue(stack);
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    /** Where the too-late record landed, and the last records sent to each partition. */
    private record Sent(String tooLate, List<RecordMetadata> last) {
    }

    /**
     * The live model's first 20 minutes; then its next 20 interleaved record by record with the replayed model's 20
     * minutes from T0. Returns the last records sent.
     */
    private static List<RecordMetadata> streamBoth(InputProducer producer, Set<String> sent) {
        int slots = MINUTES * PER_MINUTE;
        for (int k = 0; k < slots; k++) {
            serve(producer, sent, LIVE, T0 + k * EVERY);
        }
        List<RecordMetadata> last = List.of();
        for (int k = 0; k < slots; k++) {
            serve(producer, sent, LIVE, T0 + MINUTES * MINUTE + k * EVERY);
            last = serve(producer, sent, REPLAYED, T0 + k * EVERY);
        }
        return last;
    }

    /**
     * A record of each model a grace after the end of its 20 or 40 minutes, which closes its last window; then a feature
     * event of the replayed model at 18:30, past its window's grace on the replayed model's own event time.
     */
    private static Sent closeAndSendOneTooLate(InputProducer producer, Set<String> sent) {
        serve(producer, sent, REPLAYED, T0 + MINUTES * MINUTE + GRACE);
        List<RecordMetadata> last = serve(producer, sent, LIVE, T0 + 2 * MINUTES * MINUTE + GRACE);
        long late = T0 + (MINUTES - 2) * MINUTE + MINUTE / 2;
        RecordMetadata tooLate = producer.send(Topics.FEATURES, REPLAYED, late, features(REPLAYED, late));
        sent.add(where(tooLate));
        return new Sent(where(tooLate), List.of(last.get(0), tooLate));
    }

    private static void assertOnlyTheRecordPastItsOwnGraceIsLate(LocalStack stack, String application, Set<String> sent, String tooLate) {
        List<DeadLettered> letters = CommittedRecords.readCommitted(stack, Topics.DEAD_LETTERS, DeadLettered.class,
                d -> d.getApplication().equals(application) && sent.contains(where(d)));
        assertThat(letters.stream().collect(Collectors.groupingBy(d -> d.getModelId() + " " + d.getReason(), Collectors.counting())))
                .as(() -> "dead letters by model and reason: only the replayed model's record past its own window's grace at "
                        + tooLate + "; the first ones: " + letters.stream().limit(3).map(d -> where(d) + " " + d.getDetail()).toList())
                .isEqualTo(Map.of(REPLAYED + " LATE", 1L));
        assertThat(letters).singleElement().extracting(InputProducer::where).isEqualTo(tooLate);
    }

    private static void assertEveryWindowScoredWithEveryValue(LocalStack stack) {
        List<DriftScored> drift = CommittedRecords.readCommitted(stack, Topics.DRIFT_SCORES, DriftScored.class,
                d -> List.of(LIVE, REPLAYED).contains(d.getModelId()));
        assertThat(drift).filteredOn(d -> d.getWindowStart().toEpochMilli() < T0 + 2 * MINUTES * MINUTE)
                .extracting(DriftScored::getModelId, DriftScored::getFeature, d -> minuteOf(d.getWindowStart()), DriftScored::getSampleSize)
                .as("features and scores of every minute of both models, each counted once")
                .containsExactlyInAnyOrderElementsOf(servedMinutes().stream().flatMap(m -> Stream.of("amount", "prediction.score")
                        .map(feature -> tuple(m.model(), feature, m.minute(), (long) PER_MINUTE))).toList());
        List<ServingHealthScored> serving = CommittedRecords.readCommitted(stack, Topics.SERVING_HEALTH, ServingHealthScored.class,
                s -> List.of(LIVE, REPLAYED).contains(s.getModelId()));
        assertThat(serving).filteredOn(s -> s.getWindowStart().toEpochMilli() < T0 + 2 * MINUTES * MINUTE)
                .extracting(ServingHealthScored::getModelId, s -> minuteOf(s.getWindowStart()), ServingHealthScored::getRequests)
                .as("requests of every minute of both models")
                .containsExactlyInAnyOrderElementsOf(servedMinutes().stream().map(m -> tuple(m.model(), m.minute(), (long) PER_MINUTE))
                        .toList());
    }

    private record ModelMinute(String model, int minute) {
    }

    /** Each model with each minute it served: the live model's 40 and the replayed model's 20. */
    private static List<ModelMinute> servedMinutes() {
        List<ModelMinute> all = new ArrayList<>();
        IntStream.range(0, 2 * MINUTES).forEach(m -> all.add(new ModelMinute(LIVE, m)));
        IntStream.range(0, MINUTES).forEach(m -> all.add(new ModelMinute(REPLAYED, m)));
        return all;
    }

    private static int minuteOf(Instant windowStart) {
        return (int) ((windowStart.toEpochMilli() - T0) / MINUTE);
    }

    /** A prediction and the feature event of the same request; returns where both landed. */
    private static List<RecordMetadata> serve(InputProducer producer, Set<String> sent, String model, long time) {
        String request = model + "-" + time;
        List<RecordMetadata> landed = List.of(producer.send(Topics.PREDICTIONS, model, time, PredictionServed.newBuilder()
                .setEventId("p-" + request).setRequestId(request).setModelId(model).setModelVersion("v1").setVariant(Variant.CHAMPION)
                .setEventTime(Instant.ofEpochMilli(time)).setPrediction(Prediction.newBuilder().setScore(0.5).build())
                .setLatencyMs(12).setStatus(ServingStatus.OK).build()), producer.send(Topics.FEATURES, model, time, features(model, time)));
        landed.forEach(r -> sent.add(where(r)));
        return landed;
    }

    private static FeaturesObserved features(String model, long time) {
        return FeaturesObserved.newBuilder().setEventId("f-" + model + "-" + time).setRequestId(model + "-" + time).setModelId(model)
                .setModelVersion("v1").setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", (double) (time / EVERY % 7)))
                .build();
    }
}
