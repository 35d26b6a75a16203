package io.shepherd.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.serde.InMemorySchemaRegistry;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.policy.PolicyBook;

/**
 * The whole app's topology under TopologyTestDriver, spoken to in the domain's words: deploy versions, serve
 * predictions, observe outcomes, move the wall clock, read what came out of each topic.
 */
public final class AppTestDriver implements AutoCloseable {

    public static final String APPLICATION = "app-test";

    private final String scope = "app-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ModelLifecycle> lifecycle;
    private final TestInputTopic<String, PredictionServed> predictions;
    private final TestInputTopic<String, OutcomeObserved> outcomes;
    private final TestInputTopic<String, FeaturesObserved> features;
    private final Map<String, TestOutputTopic<String, Object>> outputs = new java.util.HashMap<>();
    private final Map<String, List<Object>> seen = new java.util.HashMap<>();
    private final List<TestOutputTopic<byte[], byte[]>> changelogs = new ArrayList<>();
    private final Map<String, TestInputTopic<String, byte[]>> raw = new java.util.HashMap<>();
    private int sequence;

    public AppTestDriver(PolicyBook book, long wallClockStart) throws Exception {
        this(book, wallClockStart, PendingSettings.DEFAULTS);
    }

    public AppTestDriver(PolicyBook book, long wallClockStart, PendingSettings pending) throws Exception {
        Topology topology = AppTopology.build(APPLICATION, serdeConfig, book, Duration.ofSeconds(10), pending);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("app-ttd").toString());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(wallClockStart));
        lifecycle = driver.createInputTopic(Topics.LIFECYCLE, new StringSerializer(), serializer());
        predictions = driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(), serializer());
        outcomes = driver.createInputTopic(Topics.OUTCOMES, new StringSerializer(), serializer());
        features = driver.createInputTopic(Topics.FEATURES, new StringSerializer(), serializer());
        for (String topic : List.of(Topics.MODEL_HEALTH, Topics.SERVING_HEALTH, Topics.PERFORMANCE, Topics.CHALLENGER_VERDICTS,
                Topics.RETRAINING_REQUESTS, Topics.DEAD_LETTERS, Topics.DRIFT_SCORES)) {
            outputs.put(topic, driver.createOutputTopic(topic, new StringDeserializer(), deserializer()));
        }
        for (String store : driver.getAllStateStores().keySet()) {
            changelogs.add(driver.createOutputTopic(APPLICATION + "-" + store + "-changelog", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
        }
    }

    /** Deploys a version whose reference window is the one its model's policy names. */
    public void deploy(String modelId, String version, Variant variant, long time, Map<String, Double> baseline) {
        ModelLifecycle event = ModelLifecycle.newBuilder().setEventId("deploy-" + modelId + "-" + version).setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(time)).setType(LifecycleEventType.DEPLOYED).setToVersion(version)
                .setVariant(variant).setBaseline(baseline)
                .build();
        lifecycle.pipeInput(event.getEventId(), event, time);
    }

    /** Serves one prediction; returns its request id. */
    public String serve(String modelId, String version, Variant variant, long time, Prediction prediction, double latencyMs,
                        ServingStatus status) {
        String requestId = modelId + "-r" + (sequence++);
        PredictionServed event = PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId)
                .setModelId(modelId).setModelVersion(version).setVariant(variant).setEventTime(Instant.ofEpochMilli(time))
                .setPrediction(prediction).setLatencyMs(latencyMs).setStatus(status)
                .setErrorKind(status == ServingStatus.ERROR ? "TIMEOUT" : null).build();
        predictions.pipeInput(modelId, event, time);
        drainChangelogs();
        return requestId;
    }

    public void label(String modelId, String requestId, long time, Object truth) {
        OutcomeObserved event = OutcomeObserved.newBuilder().setEventId("o-" + requestId).setRequestId(requestId).setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(time)).setGroundTruth(truth).build();
        outcomes.pipeInput(requestId, event, time);
        drainChangelogs();
    }

    public void observe(String modelId, String version, long time, Map<String, Object> values) {
        String id = modelId + "-f" + (sequence++);
        FeaturesObserved event = FeaturesObserved.newBuilder().setEventId(id).setRequestId(id).setModelId(modelId)
                .setModelVersion(version).setEventTime(Instant.ofEpochMilli(time)).setFeatures(values).build();
        features.pipeInput(modelId, event, time);
        drainChangelogs();
    }

    /** Pipes a record's bytes as they are, whatever they hold, to an input topic. */
    public void pipeRaw(String topic, String key, byte[] value, long time) {
        raw.computeIfAbsent(topic, t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(key, value, time);
    }

    /** An event in the Confluent wire format, with its schema registered under the topic's subject. */
    public byte[] encode(String topic, Object event) {
        return this.<Object>serializer().serialize(topic, event);
    }

    /** The registry the app reads through, to register schemas of its own. */
    public InMemorySchemaRegistry registry() {
        return InMemorySchemaRegistry.scope(scope);
    }

    /** Dead letters counted in the app's metrics for a reason, all models and tasks together. */
    public double deadLettersCounted(String reason) {
        return driver.metrics().entrySet().stream()
                .filter(m -> m.getKey().group().contains("shepherd-dead-letters") && m.getKey().name().equals(reason + "-total"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    /** The app's metrics as {@code /metrics} shows them (Shepherd's own and Kafka's under {@code kafka_}). */
    public String metricsText() {
        return io.shepherd.monitoring.KafkaMetricsText.render("kafka", driver.metrics());
    }

    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    public List<ModelHealthChanged> health() {
        return read(Topics.MODEL_HEALTH);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> read(String topic) {
        List<Object> all = seen.computeIfAbsent(topic, t -> new ArrayList<>());
        all.addAll(outputs.get(topic).readValuesToList());
        return (List<T>) all;
    }

    private void drainChangelogs() {
        if (sequence % 200 == 0) {
            changelogs.forEach(TestOutputTopic::readRecordsToList);
        }
    }

    private <T> AvroSerializer<T> serializer() {
        AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return serializer;
    }

    private AvroDeserializer<Object> deserializer() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        Map<String, Object> specific = new java.util.HashMap<>(serdeConfig);
        specific.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        deserializer.configure(specific, false);
        return deserializer;
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
