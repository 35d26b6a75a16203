package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.contract.KafkaAccessCheck;
import io.shepherd.contract.KafkaAcls;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.stack.junit.SecuredCluster;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;
import io.shepherd.streams.monitoring.StreamsHealth;

/**
 * The streams app against a secured cluster, as in production: a real broker taking SASL_SSL (SCRAM-SHA-512 users and
 * a certificate made by the test) with Kafka's StandardAuthorizer, and exactly the ACLs of {@code ops/kafka-acls.md}
 * ({@link KafkaAcls}, the document's source). Under its own principal the app scores what a serving system sent
 * under its own; a principal missing one ACL stops the app at once with an error naming the operation and resource.
 */
@ExtendWith(LocalStackExtension.class)
class SecuredClusterIT {

    private static final long MINUTE = 60_000;
    private static final String MODEL = "secured-model";

    @Test
    void theAppRunsUnderItsOwnPrincipalWithExactlyItsAclsAndStopsNamingAMissingOne(LocalStack stack, @TempDir Path dir) throws Exception {
        try (LogCapture logs = new LogCapture();
             SecuredCluster cluster = SecuredCluster.start(dir, List.of("shepherd-streams", "fraud-serving", "streams-without-write",
                     "streams-without-txn"))) {
            cluster.grant(acls());
            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / MINUTE * MINUTE;
            serve(stack, cluster, t0);

            StreamsHealth health = new StreamsHealth();
            KafkaStreams streams = StreamsApp.start(config(stack, cluster, "shepherd-streams", "shepherd-streams", dir), health);
            try {
                List<DriftScored> scores = awaitScores(stack, cluster, 3);
                assertThat(scores).extracting(s -> s.getWindowStart().toEpochMilli()).contains(t0, t0 + MINUTE, t0 + 2 * MINUTE);
                assertThat(scores).allSatisfy(s -> assertThat(s.getSampleSize()).isEqualTo(5));
            } finally {
                streams.close(Duration.ofSeconds(30));
            }

            assertThatThrownBy(() -> StreamsApp.start(config(stack, cluster, "streams-without-write", "no-write", dir), new StreamsHealth()))
                    .isInstanceOf(KafkaAccessCheck.MissingAclsException.class)
                    .hasMessageContaining("lacks Write on topic " + Topics.DRIFT_SCORES);

            StreamsHealth noTxnHealth = new StreamsHealth();
            KafkaStreams noTxn = StreamsApp.start(config(stack, cluster, "streams-without-txn", "no-txn", dir), noTxnHealth);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (noTxn.state() != KafkaStreams.State.ERROR && noTxn.state() != KafkaStreams.State.NOT_RUNNING && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(noTxn.state()).isIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR);
                assertThat(noTxnHealth.failure()).hasValueSatisfying(f -> assertThat(f).contains("lacks", "transactional id"));
            } finally {
                noTxn.close(Duration.ofSeconds(30));
            }
            assertThat(logs.mentioning("sasl.jaas.config")).as("Kafka's configuration dumps were captured").isNotEmpty();
            for (String secret : cluster.secrets()) {
                assertThat(logs.mentioning(secret)).as("log lines with a configured secret").isEmpty();
            }
        }
    }

    /** Each principal gets its plan, two of them less one grant. */
    private static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(KafkaAcls.streamsApp("User:shepherd-streams", "shepherd-streams").bindings());
        acls.addAll(KafkaAcls.servingSystem("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.deployPipeline("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.streamsApp("User:streams-without-write", "no-write").bindings().stream()
                .filter(b -> !(b.pattern().name().equals(Topics.DRIFT_SCORES) && b.entry().operation() == AclOperation.WRITE)).toList());
        acls.addAll(KafkaAcls.streamsApp("User:streams-without-txn", "no-txn").bindings().stream()
                .filter(b -> b.pattern().resourceType() != ResourceType.TRANSACTIONAL_ID).toList());
        return acls;
    }

    /** As the serving system's principal: the model's policy and deployment, then 5 requests a minute for 4 minutes. */
    private static void serve(LocalStack stack, SecuredCluster cluster, long t0) throws Exception {
        Map<String, Object> props = cluster.client("fraud-serving");
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            String policy = """
                    {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S",
                     "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
                     "liveness": {"noDataAfter": "P1D"}}""";
            producer.send(new ProducerRecord<>(Topics.POLICIES, MODEL, policy.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.LIFECYCLE, null, t0, "deploy-" + MODEL, avro.serialize(Topics.LIFECYCLE,
                    ModelLifecycle.newBuilder().setEventId("deploy-" + MODEL).setModelId(MODEL).setEventTime(Instant.ofEpochMilli(t0))
                            .setType(LifecycleEventType.DEPLOYED).setToVersion("v1").setVariant(Variant.CHAMPION).setBaseline(Map.of())
                            .build()))).get(30, TimeUnit.SECONDS);
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            for (int minute = 0; minute < 4; minute++) {
                for (int i = 0; i < (minute < 3 ? 5 : 1); i++) {
                    long time = t0 + minute * MINUTE + 5_000 + i * 10_000;
                    String request = "req-" + minute + "-" + i;
                    sent.add(producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, time, MODEL, avro.serialize(Topics.PREDICTIONS,
                            PredictionServed.newBuilder().setEventId("p-" + request).setRequestId(request).setModelId(MODEL)
                                    .setModelVersion("v1").setVariant(Variant.CHAMPION).setEventTime(Instant.ofEpochMilli(time))
                                    .setPrediction(Prediction.newBuilder().setScore(0.5).build()).setLatencyMs(12.0)
                                    .setStatus(ServingStatus.OK).build()))));
                    sent.add(producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, MODEL, avro.serialize(Topics.FEATURES,
                            FeaturesObserved.newBuilder().setEventId("f-" + request).setRequestId(request).setModelId(MODEL)
                                    .setModelVersion("v1").setEventTime(Instant.ofEpochMilli(time))
                                    .setFeatures(Map.of("amount", (Object) (double) (i * 10 + minute))).build()))));
                }
            }
            for (var landed : sent) {
                landed.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The drift scores of the model's {@code amount}, read as the admin, once there are at least {@code windows}. */
    private static List<DriftScored> awaitScores(LocalStack stack, SecuredCluster cluster, int windows) throws Exception {
        Map<String, Object> props = cluster.client(SecuredCluster.ADMIN);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Object> avro = new AvroDeserializer<>();
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        List<DriftScored> scores = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.DRIFT_SCORES, Topics.DEAD_LETTERS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (scores.size() < windows && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Object event = avro.deserialize(record.topic(), record.value());
                    if (event instanceof DriftScored s && s.getModelId().equals(MODEL) && s.getFeature().equals("amount")) {
                        scores.add(s);
                    } else if (event instanceof DeadLettered d) {
                        deadLetters.add(d.getReason() + ": " + d.getDetail());
                    }
                }
            }
        }
        assertThat(scores).as("drift scores of %s's amount (dead letters: %s)", MODEL, deadLetters).hasSizeGreaterThanOrEqualTo(windows);
        return scores;
    }

    /** The app's settings as an operator gives them: security through SHEPHERD_KAFKA_*, secrets only from the environment. */
    private static StreamsAppConfig config(LocalStack stack, SecuredCluster cluster, String user, String application, Path dir) {
        Map<String, String> env = new HashMap<>(cluster.serviceEnv(user));
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_APPLICATION_ID", application);
        env.put("SHEPHERD_STATE_DIR", dir.resolve("state-" + application).toString());
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), env));
        assertThat(config.toString()).doesNotContain(cluster.password(user));
        return config;
    }
}
