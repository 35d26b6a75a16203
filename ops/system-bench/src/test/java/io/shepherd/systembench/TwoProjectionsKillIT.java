package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.FeatureKind;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.simulator.demo.ChildService;
import io.shepherd.simulator.demo.ServiceSet;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;

/**
 * Two projections instances in one consumer group, each a JVM of its own, index drift scores written in transactions
 * as the streams app writes them; one instance is killed with SIGKILL while the scores arrive. The other takes its
 * partitions once its session times out and indexes from the dead one's last committed offsets: every score has its
 * document, and none has two (document ids are the events' ids).
 */
class TwoProjectionsKillIT {

    private static final long HOUR = 3_600_000L;
    /** The topic plan of the multi-instance tests: 12 partitions per topic. */
    private static final int PARTITIONS = 12;
    /** One model per partition of the drift scores topic. */
    private static final int MODELS = PARTITIONS;
    private static final int FEATURES = 40;
    private static final int WINDOWS = 10;
    private static final int PER_TRANSACTION = 100;
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    @Test
    void aProjectionsInstanceKilledWhileScoresArriveLeavesEveryScoreIndexedOnce(@TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (LocalStack stack = LocalStack.start(new StackOptions(dir.resolve("stack"), 0, 0, 0, 0, true).withPartitions(PARTITIONS))) {
            String elasticsearch = stack.elasticsearchUrl().orElseThrow().replaceAll("/+$", "");
            List<DriftScored> scores = scores(run);
            String classpath = System.getProperty("java.class.path");
            try (ChildService a = projections(stack, "projections-a", run, classpath, dir);
                 ChildService b = projections(stack, "projections-b", run, classpath, dir);
                 KafkaProducer<String, Object> producer = transactional(stack)) {
                producer.initTransactions();
                long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (membersWithPartitions(stack, "projections-pair-" + run) < 2) {
                    assertThat(System.nanoTime()).as("both instances hold drift-score partitions within a minute").isLessThan(joinBy);
                    Thread.sleep(200);
                }
                long killed = 0;
                for (int from = 0, batch = 0; from < scores.size(); from += PER_TRANSACTION, batch++) {
                    producer.beginTransaction();
                    for (DriftScored score : scores.subList(from, Math.min(scores.size(), from + PER_TRANSACTION))) {
                        producer.send(new ProducerRecord<>(Topics.DRIFT_SCORES, score.getModelId(), score));
                    }
                    producer.commitTransaction();
                    if (batch == 10) {
                        a.kill();
                        killed = System.nanoTime();
                    }
                    Thread.sleep(100);
                }
                assertThat(a.alive()).isFalse();
                assertThat(count(elasticsearch, run)).as("scores indexed before the dead instance's session ended: not those of its partitions")
                        .isLessThan(scores.size());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                long indexed = count(elasticsearch, run);
                while (indexed < scores.size() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    indexed = count(elasticsearch, run);
                }
                System.out.println("one of two projections instances killed with SIGKILL; " + indexed + " of " + scores.size()
                        + " scores indexed " + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the kill; logs "
                        + a.log() + ", " + b.log());
                Thread.sleep(3_000);
                assertThat(count(elasticsearch, run)).as("documents of the run's scores").isEqualTo(scores.size());
                assertThat(b.alive()).isTrue();
            }
        }
    }

    /**
     * Model names, as many on each partition of the drift scores topic ({@link Topics#partitionOf}), so that each
     * instance, whichever partitions it holds, has scores to index.
     */
    private static List<String> models(String run) {
        int partitions = PARTITIONS;
        Map<Integer, List<String>> byPartition = new HashMap<>();
        List<String> models = new ArrayList<>();
        for (int k = 0; models.size() < MODELS; k++) {
            String model = "pair-" + run + "-" + k;
            int partition = Topics.partitionOf(model, partitions);
            List<String> on = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (on.size() < MODELS / partitions) {
                on.add(model);
                models.add(model);
            }
        }
        return models;
    }

    private static List<DriftScored> scores(String run) {
        List<DriftScored> scores = new ArrayList<>();
        List<String> models = models(run);
        long end = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        for (int w = 0; w < WINDOWS; w++) {
            for (int m = 0; m < MODELS; m++) {
                String model = models.get(m);
                for (int f = 0; f < FEATURES; f++) {
                    long windowEnd = end + w * HOUR;
                    double psi = (f % 7) / 20.0;
                    scores.add(DriftScored.newBuilder().setEventId("drift:" + model + ":v1:f" + f + ":" + windowEnd)
                            .setModelId(model).setModelVersion("v1").setFeature("f" + f).setFeatureKind(FeatureKind.NUMERIC)
                            .setWindowStart(Instant.ofEpochMilli(windowEnd - HOUR)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
                            .setReferenceId(model + "/v1/first-1000").setSampleSize(500).setReferenceSize(1000)
                            .setVerdict(psi > 0.2 ? DriftVerdict.DRIFT : DriftVerdict.NO_DRIFT).setDecidingScore("psi").setThreshold(0.2)
                            .setScores(Map.of("psi", psi)).setPValue(0.01).setImportance(1.0).build());
                }
            }
        }
        return scores;
    }

    private static ChildService projections(LocalStack stack, String name, String run, String classpath, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_ELASTICSEARCH_URL", stack.elasticsearchUrl().orElseThrow());
        env.put("SHEPHERD_HTTP_PORT", Integer.toString(LocalStack.freePort()));
        env.put("SHEPHERD_GROUP_ID", "projections-pair-" + run);
        // The dead member's partitions move once the broker stops hearing from it: 10 s instead of the default 45 s.
        env.put("SHEPHERD_KAFKA_SESSION_TIMEOUT_MS", "10000");
        return ChildService.start(name, classpath, ServiceSet.MAIN_CLASSES.get("projections"),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), env, dir.resolve("logs"));
    }

    private static KafkaProducer<String, Object> transactional(LocalStack stack) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scores-" + UUID.randomUUID());
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Members of the group that hold at least one partition of the drift scores topic. */
    private static long membersWithPartitions(LocalStack stack, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                    .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.DRIFT_SCORES)))
                    .count();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Documents of the run's models in the drift scores index, after a refresh; -1 while the index is not there. */
    private static long count(String elasticsearch, String run) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        try {
            http.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/shepherd-drift-scores/_refresh"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/shepherd-drift-scores/_count"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"prefix\":{\"modelId\":\"pair-" + run + "-\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = COUNT.matcher(answer.body());
            return answer.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
