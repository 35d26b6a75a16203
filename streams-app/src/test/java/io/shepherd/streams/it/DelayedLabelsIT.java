package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * Delayed ground truth on the real broker: outcomes keyed by request id, produced two hours (of event time) after
 * their predictions, are re-keyed through the app's repartition topic, joined, counted in the prediction's window,
 * and a 16 % accuracy drop reaches EMERGENCY dated at the end of the prediction window that decided it. The features of
 * the same requests, produced after everything else, are all scored in their windows.
 */
@ExtendWith(LocalStackExtension.class)
class DelayedLabelsIT {

    private static final String MODEL = "labels-model";
    private static final long MINUTE = 60_000;
    /** Near now: input records carry their event time as timestamp and the topics' retention is 7 days. */
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
    private static final long LABEL_DELAY = 2 * 60 * MINUTE;
    private static final int PER_WINDOW = 400;
    private static final double[] ACCURACY = {0.92, 0.92, 0.75, 0.75, 0.75};
    /** Whole windows decide (the label-by-label decision has its own tests), so the level is dated by its window. */
    private static final String POLICY = """
            {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
             "performance": {"labelDelay": "P1D", "minLabels": 100, "falseAlarmBudget": 0},
             "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
             "liveness": {"noDataAfter": "P1D"}}""";

    @Test
    void labelsArrivingHoursLateAreJoinedInThePredictionsWindowAndADropReachesEmergency(LocalStack stack, @TempDir Path dir)
            throws Exception {
        produceInput(stack);
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", "labels-" + UUID.randomUUID(), "SHEPHERD_STATE_DIR", dir.toString())));
        KafkaStreams streams = StreamsApp.start(config);
        try {
            List<ModelHealthChanged> health = CommittedRecords.readUntil(stack, Topics.MODEL_HEALTH, ModelHealthChanged.class, DelayedLabelsIT::ofModel,
                    all -> all.stream().anyMatch(h -> h.getLevel() == HealthLevel.EMERGENCY));
            List<PerformanceScored> performance = CommittedRecords.readUntil(stack, Topics.PERFORMANCE, PerformanceScored.class, DelayedLabelsIT::ofModel,
                    all -> latest(all).size() == ACCURACY.length && latest(all).values().stream().allMatch(p -> p.getLabelled() == PER_WINDOW));

            List<DriftScored> amount = CommittedRecords.readUntil(stack, Topics.DRIFT_SCORES, DriftScored.class, DelayedLabelsIT::ofModel,
                    all -> all.stream().filter(d -> d.getFeature().equals("amount")).count() >= ACCURACY.length - 1).stream()
                    .filter(d -> d.getFeature().equals("amount")).toList();
            // The last window stays open: no later feature or prediction moves the drift engine's stream time past it.
            assertThat(amount).as("every feature event's amount counted in its window, none dropped as late")
                    .hasSize(ACCURACY.length - 1).extracting(DriftScored::getSampleSize).containsOnly((long) PER_WINDOW);
            assertThat(health).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.EMERGENCY);
            assertThat(health.get(0).getCauses()).containsExactly("PERFORMANCE_DROP");
            assertThat(health.get(0).getEventTime().toEpochMilli()).isEqualTo(T0 + 4 * MINUTE);
            Map<Long, PerformanceScored> windows = latest(performance);
            for (int w = 0; w < ACCURACY.length; w++) {
                PerformanceScored p = windows.get(T0 + w * MINUTE);
                assertThat(p.getPredictions()).isEqualTo(PER_WINDOW);
                assertThat(p.getLabelled()).isEqualTo(PER_WINDOW);
                assertThat(p.getMetrics().get(0).getName()).isEqualTo("accuracy");
                assertThat(p.getMetrics().get(0).getValue()).isEqualTo(Math.round(PER_WINDOW * ACCURACY[w]) / (double) PER_WINDOW);
            }
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static void produceInput(LocalStack stack) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        try (KafkaProducer<String, String> policies = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
             KafkaProducer<String, Object> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            policies.send(new ProducerRecord<>(Topics.POLICIES, MODEL, POLICY)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.LIFECYCLE, "deploy-" + MODEL, ModelLifecycle.newBuilder()
                    .setEventId("deploy-" + MODEL).setModelId(MODEL).setEventTime(Instant.ofEpochMilli(T0)).setType(LifecycleEventType.DEPLOYED)
                    .setToVersion("v1").setVariant(Variant.CHAMPION).setBaseline(Map.of("accuracy", 0.92)).build())).get(30, TimeUnit.SECONDS);
            List<ProducerRecord<String, Object>> outcomes = new ArrayList<>();
            for (int w = 0; w < ACCURACY.length; w++) {
                for (int i = 0; i < PER_WINDOW; i++) {
                    long time = T0 + w * MINUTE + i * (MINUTE / PER_WINDOW);
                    String requestId = "req-" + w + "-" + i;
                    String predicted = i % 2 == 0 ? "fraud" : "ok";
                    boolean correct = Math.round((i + 1) * ACCURACY[w]) > Math.round(i * ACCURACY[w]);
                    producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, time, MODEL, PredictionServed.newBuilder()
                            .setEventId("p-" + requestId).setRequestId(requestId).setModelId(MODEL).setModelVersion("v1")
                            .setEventTime(Instant.ofEpochMilli(time)).setPrediction(Prediction.newBuilder().setLabel(predicted).build())
                            .setLatencyMs(12).build()));
                    outcomes.add(new ProducerRecord<>(Topics.OUTCOMES, null, time + LABEL_DELAY, requestId, OutcomeObserved.newBuilder()
                            .setEventId("o-" + requestId).setRequestId(requestId).setModelId(MODEL)
                            .setEventTime(Instant.ofEpochMilli(time + LABEL_DELAY)).setGroundTruth(correct ? predicted
                                    : predicted.equals("fraud") ? "ok" : "fraud").build()));
                }
            }
            producer.flush();
            outcomes.forEach(producer::send);
            producer.flush();
            // Features last, behind hours of outcomes: the app must still read them in event-time order with the
            // predictions, as when it catches up after downtime, and count every one in its window.
            for (int w = 0; w < ACCURACY.length; w++) {
                for (int i = 0; i < PER_WINDOW; i++) {
                    long time = T0 + w * MINUTE + i * (MINUTE / PER_WINDOW);
                    producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, MODEL, FeaturesObserved.newBuilder()
                            .setEventId("f-" + w + "-" + i).setRequestId("req-" + w + "-" + i).setModelId(MODEL).setModelVersion("v1")
                            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(Map.of("amount", (double) (i % 50))).build()));
                }
            }
            producer.flush();
        }
    }

    private static boolean ofModel(Object event) {
        return event.toString().contains("\"" + MODEL + "\"");
    }

    private static Map<Long, PerformanceScored> latest(List<PerformanceScored> all) {
        return all.stream().filter(p -> !p.getEstimated()).collect(Collectors.toMap(p -> p.getWindowStart().toEpochMilli(), p -> p,
                (a, b) -> a.getRevision() >= b.getRevision() ? a : b, LinkedHashMap::new));
    }
}
