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

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
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
import io.shepherd.stack.KafkaNode;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.stack.junit.TestCertificates;
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
    private static final String ADMIN = "admin";
    private static final String MODEL = "secured-model";
    private static final Map<String, String> PASSWORDS = Map.of(ADMIN, "adm1n-Secret", "shepherd-streams", "str3ams-Secret",
            "fraud-serving", "s3rving-Secret", "streams-without-write", "n0write-Secret", "streams-without-txn", "n0txn-Secret");

    @Test
    void theAppRunsUnderItsOwnPrincipalWithExactlyItsAclsAndStopsNamingAMissingOne(LocalStack stack, @TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        try (LogCapture logs = new LogCapture(); KafkaNode broker = KafkaNode.startSecured(dir.resolve("kafka"),
                new KafkaNode.Security(certs.serverKeyStore(), certs.password(), ADMIN, PASSWORDS.get(ADMIN)))) {
            try (Admin admin = Admin.create(client(broker, certs, ADMIN))) {
                prepare(admin);
            }
            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / MINUTE * MINUTE;
            serve(stack, broker, certs, t0);

            StreamsHealth health = new StreamsHealth();
            KafkaStreams streams = StreamsApp.start(config(stack, broker, certs, "shepherd-streams", "shepherd-streams", dir), health);
            try {
                List<DriftScored> scores = awaitScores(stack, broker, certs, 3);
                assertThat(scores).extracting(s -> s.getWindowStart().toEpochMilli()).contains(t0, t0 + MINUTE, t0 + 2 * MINUTE);
                assertThat(scores).allSatisfy(s -> assertThat(s.getSampleSize()).isEqualTo(5));
            } finally {
                streams.close(Duration.ofSeconds(30));
            }

            assertThatThrownBy(() -> StreamsApp.start(config(stack, broker, certs, "streams-without-write", "no-write", dir), new StreamsHealth()))
                    .isInstanceOf(KafkaAccessCheck.MissingAclsException.class)
                    .hasMessageContaining("lacks Write on topic " + Topics.DRIFT_SCORES);

            StreamsHealth noTxnHealth = new StreamsHealth();
            KafkaStreams noTxn = StreamsApp.start(config(stack, broker, certs, "streams-without-txn", "no-txn", dir), noTxnHealth);
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
            for (String secret : secrets(certs)) {
                assertThat(logs.mentioning(secret)).as("log lines with a configured secret").isEmpty();
            }
        }
    }

    /** Every password of the run: the SCRAM users', the broker's key store's, the trust store's. */
    private static List<String> secrets(TestCertificates certs) {
        List<String> secrets = new ArrayList<>(PASSWORDS.values());
        secrets.add(certs.password());
        return secrets;
    }

    /** Users, topics and ACLs: each principal gets its plan, two of them less one grant. */
    private static void prepare(Admin admin) throws Exception {
        List<UserScramCredentialUpsertion> users = new ArrayList<>();
        PASSWORDS.forEach((user, password) -> {
            if (!user.equals(ADMIN)) {
                users.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            }
        });
        admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);
        admin.createTopics(Topics.ALL.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList())
                .all().get(30, TimeUnit.SECONDS);
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(KafkaAcls.streamsApp("User:shepherd-streams", "shepherd-streams").bindings());
        acls.addAll(KafkaAcls.servingSystem("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.deployPipeline("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.streamsApp("User:streams-without-write", "no-write").bindings().stream()
                .filter(b -> !(b.pattern().name().equals(Topics.DRIFT_SCORES) && b.entry().operation() == AclOperation.WRITE)).toList());
        acls.addAll(KafkaAcls.streamsApp("User:streams-without-txn", "no-txn").bindings().stream()
                .filter(b -> b.pattern().resourceType() != ResourceType.TRANSACTIONAL_ID).toList());
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        // The broker authorizes with the ACLs once it has applied them: the test starts when it has all of them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(acls)) {
            assertThat(System.nanoTime()).as("ACLs applied by the broker").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** As the serving system's principal: the model's policy and deployment, then 5 requests a minute for 4 minutes. */
    private static void serve(LocalStack stack, KafkaNode broker, TestCertificates certs, long t0) throws Exception {
        Map<String, Object> props = client(broker, certs, "fraud-serving");
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
    private static List<DriftScored> awaitScores(LocalStack stack, KafkaNode broker, TestCertificates certs, int windows) throws Exception {
        Map<String, Object> props = client(broker, certs, ADMIN);
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

    /** A client of the secured listener as {@code user}: SASL_SSL, SCRAM-SHA-512, the test's CA. */
    private static Map<String, Object> client(KafkaNode broker, TestCertificates certs, String user) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", jaas(user));
        props.put("ssl.truststore.location", certs.trustStore().toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", certs.password());
        return props;
    }

    private static String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + PASSWORDS.get(user) + "\";";
    }

    /** The app's settings as an operator gives them: security through SHEPHERD_KAFKA_*, secrets only from the environment. */
    private static StreamsAppConfig config(LocalStack stack, KafkaNode broker, TestCertificates certs, String user, String application,
                                           Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_APPLICATION_ID", application);
        env.put("SHEPHERD_STATE_DIR", dir.resolve("state-" + application).toString());
        env.put("SHEPHERD_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("SHEPHERD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("SHEPHERD_KAFKA_SASL_JAAS_CONFIG", jaas(user));
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_LOCATION", certs.trustStore().toString());
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("SHEPHERD_KAFKA_SSL_TRUSTSTORE_PASSWORD", certs.password());
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), env));
        assertThat(config.toString()).doesNotContain(PASSWORDS.get(user), certs.password());
        return config;
    }
}
