package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    /** Records on the features topic, all partitions, once this test has produced its input. */
    private static long inputTotal;
    private static final String POLICY = """
            {"windowSize": "PT10S", "windowAdvance": "PT5S", "gracePeriod": "PT1S", "minSamples": 100,
             "reference": {"kind": "FIRST_EVENTS", "events": 2000}}""";

    @Test
    void scoresAfterAKillAndRestartEqualThoseOfAnUninterruptedRun(LocalStack stack, @TempDir Path dir) throws Exception {
        produceInput(stack);
        // Other tests on this broker may have left records of their own models on the input topic: every run reads them
        // too, and is caught up when it has committed the whole topic.
        inputTotal = endOffsets(stack, Topics.FEATURES).values().stream().mapToLong(Long::longValue).sum();
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

        assertThat(committedAtKill).as("input offsets committed when the child was killed").isBetween(1L, inputTotal - 1L);
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
        try (KafkaProducer<String, String> policies = AppRuns.textProducer(stack);
             KafkaProducer<String, Object> producer = AppRuns.avroProducer(stack)) {
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
        Process child = AppRuns.startChild(env(stack, config.applicationId(), config.stateDir(), config.instanceId().orElse("none")),
                "512m", log);
        try {
            // A child that dies before committing anything says why in its log.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long committed = 0;
            while (System.nanoTime() < deadline && child.isAlive()) {
                committed = committedInput(stack, config.applicationId());
                if (committed >= inputTotal - EVENTS * 3L / 4) {
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
        while (committedInput(stack, applicationId) < inputTotal) {
            assertThat(System.nanoTime()).as("%s caught up with the input within %s", applicationId, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Input records whose offsets the app has committed, all partitions. */
    private static long committedInput(LocalStack stack, String applicationId) throws Exception {
        return AppRuns.committed(stack, applicationId, Topics.FEATURES).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> endOffsets(LocalStack stack, String... topics) throws Exception {
        return AppRuns.endOffsets(stack, topics);
    }

    /** The committed records of the model between two offset snapshots, in partition order. */
    private static <T> List<T> read(LocalStack stack, String topic, Map<String, Long> from, Map<String, Long> to, Class<T> type) {
        return AppRuns.read(stack, topic, from, to, type).stream().filter(r -> MODEL.equals(modelOf(r))).toList();
    }

    private static String modelOf(Object record) {
        return record instanceof DriftScored s ? s.getModelId() : ((ModelHealthChanged) record).getModelId();
    }
}
