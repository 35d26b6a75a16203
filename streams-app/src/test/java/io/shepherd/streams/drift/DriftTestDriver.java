package io.shepherd.streams.drift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.ReferenceWindowSpec;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.serde.InMemorySchemaRegistry;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.policytopic.PolicyRegistry;
import io.shepherd.streams.window.VersionClock;

/** The drift topology under TopologyTestDriver, spoken to in the domain's words: deploy, observe, read verdicts. */
final class DriftTestDriver implements AutoCloseable {

    private final String scope = "drift-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    /** The drift topology's one task with state: its only sub-topology with stores, on partition 0. */
    private static final String TASK = "0_0";
    private final Path stateDir;
    private final Path taskState;
    private final DriftContext context;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ModelLifecycle> lifecycle;
    private TestInputTopic<String, FeaturesObserved> features;
    private TestInputTopic<String, byte[]> rawFeatures;
    private TestOutputTopic<String, DriftScored> scores;
    private TestOutputTopic<String, ModelHealthChanged> health;
    private TestOutputTopic<String, DeadLettered> deadLetters;
    private final List<DriftScored> allScores = new ArrayList<>();
    private final List<ModelHealthChanged> allHealth = new ArrayList<>();
    private final List<DeadLettered> allDeadLetters = new ArrayList<>();
    private int sequence;
    /** The lifecycle records sent, read again after a restart as the app reads its global topic again. */
    private final List<ModelLifecycle> lifecycleSent = new ArrayList<>();
    /** TopologyTestDriver commits after every record and keeps every changelog record; drained so memory stays bounded. */
    private final List<TestOutputTopic<byte[], byte[]>> changelogs = new ArrayList<>();

    /**
     * A record of a version never deployed is dead-lettered as soon as stream time passes it, not five minutes later:
     * these tests are about drift; the wait is PendingVersionsTopologyTest's.
     */
    static final PendingSettings NO_WAIT = new PendingSettings(java.time.Duration.ZERO, PendingSettings.DEFAULTS.maxHeld());

    DriftTestDriver(Function<String, DriftSettings> settings) throws Exception {
        this(settings, DriftContext.DEFAULT_FOLD_EVERY);
    }

    /** @param foldEvery after how many logged changes a version's drift state is folded ({@link DriftState}) */
    DriftTestDriver(Function<String, DriftSettings> settings, int foldEvery) throws Exception {
        stateDir = Files.createTempDirectory("drift-ttd");
        taskState = Files.createTempDirectory("drift-ttd-task");
        context = new DriftContext("shepherd-streams-test", serdeConfig, settings, model -> 0, VersionClock.DEFAULT, foldEvery);
        open();
    }

    /**
     * Stops the app and starts it again on the state it left on disk, as after a restart; the model directory, an
     * in-memory global store, is rebuilt from the lifecycle records sent so far.
     */
    void restart() {
        drainOutput();
        driver.close();
        open();
        lifecycleSent.forEach(event -> lifecycle.pipeInput(event.getEventId(), event, event.getEventTime().toEpochMilli()));
    }

    /**
     * TopologyTestDriver deletes its task directories when it closes. Its one task's directory is a link to one kept
     * here, made again before each start: the delete removes the link only, and the stores it closed cleanly stay.
     */
    private void open() {
        try {
            Path taskDir = stateDir.resolve("drift-test").resolve(TASK);
            Files.createDirectories(taskDir.getParent());
            Files.deleteIfExists(taskDir);
            Files.createSymbolicLink(taskDir, taskState);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DriftTopology.build(context, new PolicyRegistry(PolicyBook.withDefaultsOnly()), NO_WAIT), props);
        lifecycle = driver.createInputTopic(Topics.LIFECYCLE, new StringSerializer(), serializer());
        features = driver.createInputTopic(Topics.FEATURES, new StringSerializer(), serializer());
        rawFeatures = driver.createInputTopic(Topics.FEATURES, new StringSerializer(), new ByteArraySerializer());
        scores = driver.createOutputTopic(Topics.DRIFT_SCORES, new StringDeserializer(), deserializer(DriftScored.class));
        health = driver.createOutputTopic(Topics.MODEL_HEALTH, new StringDeserializer(), deserializer(ModelHealthChanged.class));
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), deserializer(DeadLettered.class));
        changelogs.clear();
        for (String store : List.of(DriftProcessor.PANES, DriftProcessor.REFERENCES, DriftProcessor.PROGRESS)) {
            changelogs.add(driver.createOutputTopic("drift-test-" + store + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }
    }

    void deploy(String modelId, String version, long time, ReferenceWindowSpec reference) {
        ModelLifecycle event = ModelLifecycle.newBuilder().setEventId("deploy-" + modelId + "-" + version).setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(time)).setType(LifecycleEventType.DEPLOYED).setToVersion(version)
                .setVariant(Variant.CHAMPION).setReference(reference).build();
        lifecycle.pipeInput(event.getEventId(), event, time);
        lifecycleSent.add(event);
    }

    void observe(String modelId, String version, long time, Map<String, Object> values) {
        String id = modelId + "-" + (sequence++);
        FeaturesObserved event = FeaturesObserved.newBuilder().setEventId(id).setRequestId(id).setModelId(modelId)
                .setModelVersion(version).setEventTime(Instant.ofEpochMilli(time)).setFeatures(values).build();
        features.pipeInput(modelId, event, time);
        if (sequence % 200 == 0) {
            changelogs.forEach(TestOutputTopic::readRecordsToList);
        }
    }

    void observeRaw(String key, byte[] value, long time) {
        rawFeatures.pipeInput(key, value, time);
    }

    byte[] encode(FeaturesObserved event) {
        return serializer().serialize(Topics.FEATURES, event);
    }

    private void drainOutput() {
        scores();
        health();
        deadLetters();
    }

    List<DriftScored> scores() {
        allScores.addAll(scores.readValuesToList());
        return allScores;
    }

    List<ModelHealthChanged> health() {
        allHealth.addAll(health.readValuesToList());
        return allHealth;
    }

    List<DeadLettered> deadLetters() {
        allDeadLetters.addAll(deadLetters.readValuesToList());
        return allDeadLetters;
    }

    @SuppressWarnings("unchecked")
    <T> T store(String name) {
        return (T) driver.getStateStore(name);
    }

    private <T> AvroSerializer<T> serializer() {
        AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return serializer;
    }

    private <T> AvroDeserializer<T> deserializer(Class<T> type) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
