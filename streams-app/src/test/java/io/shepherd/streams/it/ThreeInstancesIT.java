package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * Several instances of the streams app with one application id, on the real broker, against one instance on the same
 * input: three instances, each a JVM of its own, share the tasks; one of them is killed with SIGKILL in the middle of
 * the run and the other two take its tasks over once its session times out. Exactly-once: the drift scores and health
 * changes of every model are those of the single instance, none judged twice, none missing.
 */
@ExtendWith(LocalStackExtension.class)
class ThreeInstancesIT {

    /**
     * Event time starts six days back: older than any other test's on this broker, whose apps read these records too and
     * must not see them move their partitions' event time past their own models'; within the input topics' 7 days.
     */
    private static final long T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofDays(6)).toEpochMilli();
    private static final int MODELS = 6;
    private static final int EVENTS_PER_MODEL = 12_000;
    private static final String POLICY = """
            {"windowSize": "PT10S", "windowAdvance": "PT5S", "gracePeriod": "PT1S", "minSamples": 100,
             "reference": {"kind": "FIRST_EVENTS", "events": 2000}}""";

    @Test
    void threeInstancesOneKilledMidwayPublishWhatOneInstancePublishes(LocalStack stack, @TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> models = IntStream.range(0, MODELS).mapToObj(i -> "trio-" + i + "-" + run).toList();
        produceInput(stack, models);
        Map<String, Long> input = AppRuns.endOffsets(stack, Topics.FEATURES);
        Map<String, Long> outputStart = AppRuns.endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);

        String single = "trio-one-" + run;
        KafkaStreams one = StreamsApp.start(StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, java.util.Optional.empty(),
                env(stack, single, dir.resolve("one")))));
        try {
            awaitCaughtUp(stack, single, input, Duration.ofMinutes(3));
        } finally {
            one.close(Duration.ofSeconds(30));
        }
        Map<String, Long> middle = AppRuns.endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);

        String shared = "trio-three-" + run;
        List<Process> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(AppRuns.startChild(env(stack, shared, dir.resolve("instance-" + i)), "384m", dir.resolve("instance-" + i + ".log")));
            }
            long total = input.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (committedSum(stack, shared) < total / 3) {
                assertThat(System.nanoTime()).as("three instances committed a third of the input within 3 minutes; logs in %s", dir)
                        .isLessThan(deadline);
                assertThat(instances).allSatisfy(p -> assertThat(p.isAlive()).as("an instance died; logs in %s", dir).isTrue());
                Thread.sleep(20);
            }
            Process killed = instances.get(0);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long atKill = committedSum(stack, shared);
            long killedAt = System.nanoTime();
            awaitCaughtUp(stack, shared, input, Duration.ofMinutes(3));
            System.out.println("three instances, one killed with SIGKILL at " + atKill + " of " + total
                    + " committed input records; the other two finished " + Duration.ofNanos(System.nanoTime() - killedAt).toMillis()
                    + " ms later");
            assertThat(atKill).as("input committed when one instance was killed").isLessThan(total);
        } finally {
            for (Process instance : instances) {
                instance.destroy();
            }
            for (Process instance : instances) {
                if (!instance.waitFor(60, TimeUnit.SECONDS)) {
                    instance.destroyForcibly();
                }
            }
        }
        Map<String, Long> end = AppRuns.endOffsets(stack, Topics.DRIFT_SCORES, Topics.MODEL_HEALTH);

        Set<String> ours = Set.copyOf(models);
        Map<String, DriftScored> scoresOne = byId(AppRuns.read(stack, Topics.DRIFT_SCORES, outputStart, middle, DriftScored.class), ours);
        Map<String, DriftScored> scoresThree = byId(AppRuns.read(stack, Topics.DRIFT_SCORES, middle, end, DriftScored.class), ours);
        assertThat(scoresOne.values().stream().map(DriftScored::getModelId).distinct()).as("models scored").hasSize(MODELS);
        assertThat(scoresOne).hasSizeGreaterThan(MODELS * 10 * 10);
        assertThat(scoresThree.keySet()).as("scores: none lost, none published twice").containsExactlyInAnyOrderElementsOf(scoresOne.keySet());
        assertThat(scoresThree).isEqualTo(scoresOne);
        Map<String, List<String>> healthOne = healthByModel(AppRuns.read(stack, Topics.MODEL_HEALTH, outputStart, middle,
                ModelHealthChanged.class), ours);
        assertThat(healthOne.values().stream().flatMap(List::stream)).anyMatch(h -> h.contains("WARNING"));
        assertThat(healthByModel(AppRuns.read(stack, Topics.MODEL_HEALTH, middle, end, ModelHealthChanged.class), ours))
                .isEqualTo(healthOne);
    }

    private static void awaitCaughtUp(LocalStack stack, String applicationId, Map<String, Long> input, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!AppRuns.caughtUp(stack, applicationId, Topics.FEATURES, input)) {
            assertThat(System.nanoTime()).as("%s caught up with the input within %s", applicationId, timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long committedSum(LocalStack stack, String applicationId) throws Exception {
        return AppRuns.committed(stack, applicationId, Topics.FEATURES).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, DriftScored> byId(List<DriftScored> scores, Set<String> models) {
        Map<String, DriftScored> byId = new TreeMap<>();
        scores.stream().filter(s -> models.contains(s.getModelId())).forEach(s -> byId.put(s.getEventId(), s));
        return byId;
    }

    /** Each model's health changes in order, rendered (Avro equality breaks on a timestamp inside a union). */
    private static Map<String, List<String>> healthByModel(List<ModelHealthChanged> changes, Set<String> models) {
        return changes.stream().filter(h -> models.contains(h.getModelId()))
                .collect(Collectors.groupingBy(ModelHealthChanged::getModelId, TreeMap::new, Collectors.mapping(Object::toString, Collectors.toList())));
    }

    /** Per model a deployment, a policy of 10 s windows, and feature events of which three features shift half-way. */
    private static void produceInput(LocalStack stack, List<String> models) throws Exception {
        AppRuns.deploy(stack, models, POLICY, T0);
        try (KafkaProducer<String, Object> producer = AppRuns.avroProducer(stack)) {
            Random random = new Random(7);
            for (int i = 0; i < EVENTS_PER_MODEL; i++) {
                long time = T0 + i * 10L;
                for (int m = 0; m < models.size(); m++) {
                    String model = models.get(m);
                    Map<String, Object> features = new LinkedHashMap<>();
                    double shift = i > EVENTS_PER_MODEL / 2 && m % 2 == 0 ? 1.5 : 0;
                    for (int f = 0; f < 10; f++) {
                        features.put("x" + f, (f < 3 ? shift : 0) + random.nextGaussian());
                    }
                    producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, model, FeaturesObserved.newBuilder()
                            .setEventId(model + "-e" + i).setRequestId(model + "-r" + i).setModelId(model).setModelVersion("v1")
                            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(features).build()));
                }
            }
            producer.flush();
        }
    }

    /**
     * The killed instance's tasks move once the broker stops hearing from it (10 s). Other tests' records, newer than
     * these, come first on the shared partitions: the models here may fall days behind their partitions' event time.
     */
    private static Map<String, String> env(LocalStack stack, String applicationId, Path stateDir) {
        Map<String, String> env = AppRuns.instanceEnv(stack, applicationId, stateDir);
        env.put("SHEPHERD_VERSION_MAX_LAG_MS", Long.toString(Duration.ofDays(8).toMillis()));
        return env;
    }
}
