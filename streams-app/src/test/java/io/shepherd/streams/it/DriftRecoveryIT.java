package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * Exactly-once on the real broker: the streams app killed with SIGKILL mid-run and restarted on the same state
 * directory publishes exactly the drift scores and health changes of a run that was never interrupted.
 */
@ExtendWith(LocalStackExtension.class)
class DriftRecoveryIT {

    private static final String MODEL = "recovery-model";
    /**
     * Event time starts two hours before now, on the hour: records carry it as their timestamp, and the input topics'
     * retention (7 days) would delete older ones. Both runs read the same records, so it only has to be fixed per test.
     */
    private static final long T0 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(7_200).toEpochMilli();
    private static final int EVENTS = 120_000;
    private static final String POLICY = """
            {"windowSize": "PT10S", "windowAdvance": "PT5S", "gracePeriod": "PT1S", "minSamples": 100,
             "reference": {"kind": "FIRST_EVENTS", "events": 2000}}""";

    @Test
    void scoresAfterAKillAndRestartEqualThoseOfAnUninterruptedRun(LocalStack stack, @TempDir Path dir) throws Exception {
        produceInput(stack);
        Map<String, Long> outputStart = endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);

        StreamsAppConfig uninterrupted = config(stack, "recovery-a-" + UUID.randomUUID(), dir.resolve("a"));
        runToTheEnd(stack, uninterrupted);
        Map<String, Long> middle = endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);
        List<DriftScored> scoresA = read(stack, Topics.DRIFT_SCORES, outputStart, middle, DriftScored.class);
        List<ModelHealthChanged> healthA = read(stack, Topics.MODEL_HEALTH, outputStart, middle, ModelHealthChanged.class);

        // A static member: restarted under the same instance id, it takes its tasks back without waiting for the killed
        // member's session to time out (45 s).
        StreamsAppConfig crashing = config(stack, "recovery-b-" + UUID.randomUUID(), dir.resolve("b"), "recovery-instance");
        long committedAtKill = runChildAndKillMidway(stack, crashing, dir.resolve("child.log"));
        Duration resumed = runToTheEnd(stack, crashing, committedAtKill);
        System.out.println("restarted after a SIGKILL (static member, state restored from the changelog): processing again "
                + resumed.toMillis() + " ms after its start");
        Map<String, Long> end = endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);
        List<DriftScored> scoresB = read(stack, Topics.DRIFT_SCORES, middle, end, DriftScored.class);
        List<ModelHealthChanged> healthB = read(stack, Topics.MODEL_HEALTH, middle, end, ModelHealthChanged.class);

        assertThat(committedAtKill).as("input offsets committed when the child was killed").isBetween(1L, EVENTS - 1L);
        assertThat(resumed).as("from the restart to the first commit past the killed run's").isLessThan(Duration.ofSeconds(10));
        assertThat(scoresA).hasSizeGreaterThan(40 * 11);
        assertThat(healthA).extracting(h -> h.getLevel().name()).contains("WARNING");
        assertThat(scoresB).as("no score lost or published twice").hasSameSizeAs(scoresA);
        assertThat(differences(byId(scoresA), byId(scoresB))).isEmpty();
        // Compared as rendered: equals of an Avro array of records breaks on a timestamp inside a union (the sources' windows).
        assertThat(healthB).extracting(Object::toString).containsExactlyElementsOf(healthA.stream().map(Object::toString).toList());
    }

    /** Every score that is not the same in both runs, one line each. */
    private static List<String> differences(Map<String, DriftScored> a, Map<String, DriftScored> b) {
        List<String> differences = new ArrayList<>();
        java.util.Set<String> ids = new java.util.TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        for (String id : ids) {
            DriftScored x = a.get(id);
            DriftScored y = b.get(id);
            if (x == null || y == null) {
                differences.add(id + (x == null ? " only after the restart" : " missing after the restart"));
            } else if (!x.equals(y)) {
                differences.add(id + ": " + x.getVerdict() + "/" + y.getVerdict() + " n=" + x.getSampleSize() + "/" + y.getSampleSize()
                        + " ref=" + x.getReferenceSize() + "/" + y.getReferenceSize() + " scores " + x.getScores() + " vs " + y.getScores());
            }
        }
        return differences;
    }

    private static Map<String, DriftScored> byId(List<DriftScored> scores) {
        Map<String, DriftScored> byId = new LinkedHashMap<>();
        scores.forEach(s -> byId.put(s.getEventId(), s));
        return byId;
    }

    /** A deployment, a policy of 10 s windows, and events of which three features shift half-way. */
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
                    .setToVersion("v1").setVariant(Variant.CHAMPION).build())).get(30, TimeUnit.SECONDS);
            Random random = new Random(11);
            for (int i = 0; i < EVENTS; i++) {
                long time = T0 + i * 2L;
                Map<String, Object> features = new LinkedHashMap<>();
                double shift = i > EVENTS / 2 ? 1.5 : 0;
                for (int f = 0; f < 10; f++) {
                    features.put("x" + f, (f < 3 ? shift : 0) + random.nextGaussian());
                }
                features.put("segment", "s" + random.nextInt(4));
                producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, MODEL, FeaturesObserved.newBuilder()
                        .setEventId("e" + i).setRequestId("r" + i).setModelId(MODEL).setModelVersion("v1")
                        .setEventTime(Instant.ofEpochMilli(time)).setFeatures(features).build()));
            }
            producer.flush();
        }
    }

    private static StreamsAppConfig config(LocalStack stack, String applicationId, Path stateDir) {
        return config(stack, applicationId, stateDir, "none");
    }

    private static StreamsAppConfig config(LocalStack stack, String applicationId, Path stateDir, String instanceId) {
        return StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(),
                env(stack, applicationId, stateDir, instanceId)));
    }

    private static Map<String, String> env(LocalStack stack, String applicationId, Path stateDir, String instanceId) {
        // Health and metrics on any free loopback port: another app on the machine may hold the default one.
        return Map.of("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", applicationId, "SHEPHERD_STATE_DIR", stateDir.toString(), "SHEPHERD_HTTP_BIND", "127.0.0.1",
                "SHEPHERD_HTTP_PORT", "0", "SHEPHERD_INSTANCE_ID", instanceId);
    }

    /** Starts the app in a child JVM and kills it (SIGKILL, no clean close) once it has committed part of the input. */
    private static long runChildAndKillMidway(LocalStack stack, StreamsAppConfig config, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), StreamsApp.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env(stack, config.applicationId(), config.stateDir(), config.instanceId().orElse("none")));
        Process child = builder.start();
        try {
            // A child that dies before committing anything says why in its log.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long committed = 0;
            while (System.nanoTime() < deadline && child.isAlive()) {
                committed = committedInput(stack, config.applicationId());
                if (committed >= EVENTS / 4) {
                    break;
                }
                Thread.sleep(20);
            }
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            return committedInput(stack, config.applicationId());
        } finally {
            child.destroyForcibly();
        }
    }

    /** Runs the app in this JVM until it has committed all the input, then closes it cleanly. */
    private static void runToTheEnd(LocalStack stack, StreamsAppConfig config) throws Exception {
        runToTheEnd(stack, config, -1);
    }

    /**
     * Runs the app in this JVM until it has committed all the input, then closes it cleanly. Returns how long after its
     * start it first committed input past {@code committedBefore}: when it was processing again.
     */
    private static Duration runToTheEnd(LocalStack stack, StreamsAppConfig config, long committedBefore) throws Exception {
        long started = System.nanoTime();
        KafkaStreams streams = StreamsApp.start(config);
        try {
            long deadline = started + TimeUnit.MINUTES.toNanos(3);
            while (committedInput(stack, config.applicationId()) <= committedBefore) {
                assertThat(System.nanoTime()).as("%s committed input again within 3 minutes", config.applicationId()).isLessThan(deadline);
                Thread.sleep(20);
            }
            Duration resumed = Duration.ofNanos(System.nanoTime() - started);
            awaitCaughtUp(stack, config.applicationId(), Duration.ofMinutes(3));
            return resumed;
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static void awaitCaughtUp(LocalStack stack, String applicationId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committedInput(stack, applicationId) < EVENTS) {
            assertThat(System.nanoTime()).as("%s caught up with the input within %s", applicationId, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Input records of the model's partition whose offsets the app has committed. */
    private static long committedInput(LocalStack stack, String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.FEATURES) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static Map<String, Long> endOffsets(LocalStack stack, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : topics) {
                for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()) {
                    request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                }
            }
            Map<String, Long> offsets = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp.toString(), info.offset()));
            return offsets;
        }
    }

    /** The committed records of the model between two offset snapshots, in partition order. */
    private static <T> List<T> read(LocalStack stack, String topic, Map<String, Long> from, Map<String, Long> to, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer<T> values = new AvroDeserializer<>(type);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], T> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp.toString(), 0L)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < to.getOrDefault(tp.toString(), 0L)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.getOrDefault(new TopicPartition(record.topic(), record.partition()).toString(), 0L)) {
                        records.add(record.value());
                    }
                }
            }
        }
        return records.stream().filter(r -> MODEL.equals(modelOf(r))).toList();
    }

    private static String modelOf(Object record) {
        return record instanceof DriftScored s ? s.getModelId() : ((ModelHealthChanged) record).getModelId();
    }
}
