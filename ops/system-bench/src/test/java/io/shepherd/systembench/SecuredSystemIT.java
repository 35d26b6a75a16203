package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.contract.KafkaAcls;
import io.shepherd.contract.RollbackSignature;
import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.simulator.demo.ChildService;
import io.shepherd.simulator.demo.ServiceSet;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;
import io.shepherd.stack.junit.SecuredCluster;

/**
 * The whole system on a secured cluster, each service a child JVM under its own principal with exactly the ACLs of
 * {@code ops/kafka-acls.md} ({@link KafkaAcls}): a serving system (its own principal too) sends a deployed version's
 * predictions, features and outcomes, every prediction wrong; the streams app scores them and raises EMERGENCY, the
 * alert router publishes a signed rollback command, the projections index it in Elasticsearch. No log of the run shows
 * a password. Schema registry and Elasticsearch are the local stack's.
 */
class SecuredSystemIT {

    private static final long MINUTE = 60_000;
    private static final String MODEL = "guarded-model";
    private static final String POLICY = """
            {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT0S", "minSamples": 5,
             "reference": {"kind": "FIRST_EVENTS", "events": 10},
             "hysteresis": {"windowsToEscalate": 1, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
             "performance": {"labelDelay": "PT10M", "minLabels": 5, "minLabelCoverage": 0.5},
             "liveness": {"noDataAfter": "P1D"}}""";
    /*
     * The policy's label delay is longer than the data's span: the outcomes reach the performance windows through a
     * repartition topic, after the predictions that close those windows, and must still count.
     */
    private static final Map<String, String> PRINCIPALS = Map.of("streams", "shepherd-streams", "alert-router", "shepherd-alert-router",
            "projections", "shepherd-projections");

    @Test
    void eachServiceDoesItsJobUnderItsOwnPrincipalFromPredictionsToAnIndexedSignedRollback(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        Map<String, String> services = new LinkedHashMap<>();
        for (String service : List.of("streams", "alert-router", "projections")) {
            services.put(service, classpath);
        }
        String hmacKey = "hmac-" + UUID.randomUUID();
        String elasticPassword = "es-" + UUID.randomUUID();
        List<String> secrets = new ArrayList<>(List.of(hmacKey, elasticPassword));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream say = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LocalStack stack = LocalStack.start(new StackOptions(dir.resolve("stack"), 0, 0, 0, 0, true));
             SecuredCluster cluster = SecuredCluster.start(dir.resolve("secured"), List.of("shepherd-streams", "shepherd-alert-router",
                     "shepherd-projections", "fraud-serving", "router-without-health", "projections-without-alerts",
                     "router-without-group", "projections-without-group"))) {
            cluster.grant(acls());
            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / MINUTE * MINUTE;
            try (ServiceSet running = ServiceSet.start(stack, services, Map.of(), hmacKey,
                    name -> List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    name -> serviceEnv(cluster, name, elasticPassword), say::println)) {
                serve(stack, cluster, t0);

                RollbackRequested rollback = awaitRollback(stack, cluster, printed);
                assertThat(rollback.getFromVersion()).isEqualTo("v2");
                assertThat(rollback.getToVersion()).isEqualTo("v1");
                assertThat(RollbackSignature.verify(hmacKey.getBytes(StandardCharsets.UTF_8), rollback)).isTrue();
                String indexed = awaitIndexed(stack.elasticsearchUrl().orElseThrow(), rollback.getIdempotencyKey());
                assertThat(indexed).as("the projections indexed the rollback command; the projections' log ends:\n%s\nElasticsearch: %s",
                        logTail(running, "projections"), stack.elasticsearch().logTail(40)).startsWith("200");
                assertThat(running.children()).allSatisfy(child -> assertThat(child.alive()).as(child.name()).isTrue());
                secrets.add(running.receiver().routingKey());
                secrets.add(running.receiver().slackUrl().substring(running.receiver().slackUrl().indexOf("/slack/")));
            }
            assertThat(refusedStart(stack, cluster, "alert-router", "router-without-health", dir))
                    .contains("lacks Read on topic " + Topics.MODEL_HEALTH);
            assertThat(refusedStart(stack, cluster, "projections", "projections-without-alerts", dir))
                    .contains("lacks Read on topic " + Topics.ALERTS);
            assertThat(refusedWhileRunning(stack, cluster, "alert-router", "router-without-group", dir, "/actuator/health/liveness"))
                    .contains("lacks Read on group router-without-group");
            assertThat(refusedWhileRunning(stack, cluster, "projections", "projections-without-group", dir, "/health"))
                    .contains("lacks Read on group projections-without-group");
            secrets.addAll(cluster.secrets());
            for (String secret : secrets) {
                assertThat(RunLogs.mentioning(dir, secret)).as("logs of the run that print a secret").isEmpty();
                assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
            }
        }
    }

    /**
     * A service's Kafka user and security settings; the projections also send basic credentials to Elasticsearch (the
     * local node has security off and ignores them), so that the run's logs can be searched for that password too.
     */
    private static Map<String, String> serviceEnv(SecuredCluster cluster, String service, String elasticPassword) {
        Map<String, String> env = new LinkedHashMap<>(cluster.serviceEnv(PRINCIPALS.get(service)));
        if (service.equals("projections")) {
            env.put("SHEPHERD_ELASTICSEARCH_USERNAME", "shepherd-projections");
            env.put("SHEPHERD_ELASTICSEARCH_PASSWORD", elasticPassword);
        }
        return env;
    }

    private static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(KafkaAcls.streamsApp("User:shepherd-streams", "shepherd-streams").bindings());
        acls.addAll(KafkaAcls.alertRouter("User:shepherd-alert-router", "shepherd-alert-router").bindings());
        acls.addAll(KafkaAcls.projections("User:shepherd-projections", "shepherd-projections").bindings());
        acls.addAll(KafkaAcls.servingSystem("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.deployPipeline("User:fraud-serving").bindings());
        acls.addAll(KafkaAcls.alertRouter("User:router-without-health", "router-without-health").bindings().stream()
                .filter(b -> !(b.pattern().name().equals(Topics.MODEL_HEALTH) && b.entry().operation() == AclOperation.READ)).toList());
        acls.addAll(KafkaAcls.projections("User:projections-without-alerts", "projections-without-alerts").bindings().stream()
                .filter(b -> !(b.pattern().name().equals(Topics.ALERTS) && b.entry().operation() == AclOperation.READ)).toList());
        acls.addAll(KafkaAcls.alertRouter("User:router-without-group", "router-without-group").bindings().stream()
                .filter(b -> b.pattern().resourceType() != ResourceType.GROUP).toList());
        acls.addAll(KafkaAcls.projections("User:projections-without-group", "projections-without-group").bindings().stream()
                .filter(b -> b.pattern().resourceType() != ResourceType.GROUP).toList());
        return acls;
    }

    /** Starts a service under a user missing one topic ACL; it must exit within a minute. Returns its log. */
    private static String refusedStart(LocalStack stack, SecuredCluster cluster, String service, String user, Path dir) throws Exception {
        return refused(stack, cluster, service, user, dir, null);
    }

    /**
     * Starts a service under a user missing its group ACL, which only a running consumer meets: within a minute its
     * health endpoint ({@code probe}) must answer 503 and its log must say why. Returns the health answer and the log.
     */
    private static String refusedWhileRunning(LocalStack stack, SecuredCluster cluster, String service, String user, Path dir,
                                              String probe) throws Exception {
        return refused(stack, cluster, service, user, dir, probe);
    }

    private static String refused(LocalStack stack, SecuredCluster cluster, String service, String user, Path dir, String probe)
            throws Exception {
        int port = LocalStack.freePort();
        Map<String, String> env = new LinkedHashMap<>(cluster.serviceEnv(user));
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_GROUP_ID", user);
        env.put("SHEPHERD_HTTP_PORT", Integer.toString(port));
        env.put("SHEPHERD_ROLLBACK_HMAC_KEY", "unused-" + UUID.randomUUID());
        env.put("SHEPHERD_HTTP_ADDRESS", "127.0.0.1");
        env.put("SHEPHERD_ELASTICSEARCH_URL", stack.elasticsearchUrl().orElseThrow());
        if (service.equals("projections")) {
            env.remove("SHEPHERD_ROLLBACK_HMAC_KEY");
            env.remove("SHEPHERD_HTTP_ADDRESS");
        } else {
            env.remove("SHEPHERD_ELASTICSEARCH_URL");
        }
        try (ChildService child = ChildService.start(user, System.getProperty("java.class.path"), ServiceSet.MAIN_CLASSES.get(service),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), env, dir.resolve("refused"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String health = "";
            while (System.nanoTime() < deadline && (probe == null ? child.alive() : !health.startsWith("503"))) {
                Thread.sleep(200);
                health = probe == null ? "" : answer("http://127.0.0.1:" + port + probe);
            }
            String log = Files.readString(child.log());
            if (probe == null) {
                assertThat(child.alive()).as("%s without one of its ACLs is still running:\n%s", service, log).isFalse();
            } else {
                assertThat(health).as("%s health without its group ACL; log:\n%s", service, log).startsWith("503");
            }
            return health + "\n" + log;
        }
    }

    /** {@code <status> <body>} of a GET, or an empty string while nothing answers. */
    private static String answer(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * As the serving system: the policy, v1 then v2 deployed (v1 is the known-good version), and three minutes of v2
     * answering "fraud" to requests whose truth is "legit", then one request a minute later that closes the windows.
     */
    private static void serve(LocalStack stack, SecuredCluster cluster, long t0) throws Exception {
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(cluster.client("fraud-serving"), new StringSerializer(),
                new ByteArraySerializer())) {
            sent.add(producer.send(new ProducerRecord<>(Topics.POLICIES, MODEL, POLICY.getBytes(StandardCharsets.UTF_8))));
            for (String version : List.of("v1", "v2")) {
                long at = t0 - (version.equals("v1") ? 2 * MINUTE : MINUTE);
                String id = "deploy-" + MODEL + "-" + version;
                sent.add(producer.send(new ProducerRecord<>(Topics.LIFECYCLE, null, at, id, avro.serialize(Topics.LIFECYCLE,
                        ModelLifecycle.newBuilder().setEventId(id).setModelId(MODEL).setEventTime(Instant.ofEpochMilli(at))
                                .setType(LifecycleEventType.DEPLOYED).setFromVersion(version.equals("v2") ? "v1" : null)
                                .setToVersion(version).setVariant(Variant.CHAMPION).setBaseline(Map.of("accuracy", 0.9)).build()))));
            }
            for (int minute = 0; minute < 5; minute++) {
                for (int i = 0; i < (minute < 3 ? 10 : 1); i++) {
                    long time = t0 + minute * MINUTE + 2_000 + i * 5_000;
                    String request = "req-" + minute + "-" + i;
                    sent.add(producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, time, MODEL, avro.serialize(Topics.PREDICTIONS,
                            PredictionServed.newBuilder().setEventId("p-" + request).setRequestId(request).setModelId(MODEL)
                                    .setModelVersion("v2").setVariant(Variant.CHAMPION).setEventTime(Instant.ofEpochMilli(time))
                                    .setPrediction(Prediction.newBuilder().setScore(0.9).setLabel("fraud")
                                            .setProbabilities(Map.of("fraud", 0.9, "legit", 0.1)).build())
                                    .setLatencyMs(12.0).setStatus(ServingStatus.OK).build()))));
                    sent.add(producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, MODEL, avro.serialize(Topics.FEATURES,
                            FeaturesObserved.newBuilder().setEventId("f-" + request).setRequestId(request).setModelId(MODEL)
                                    .setModelVersion("v2").setEventTime(Instant.ofEpochMilli(time))
                                    .setFeatures(Map.of("amount", (Object) (double) (i * 10 + minute))).build()))));
                    sent.add(producer.send(new ProducerRecord<>(Topics.OUTCOMES, null, time + 1_000, request, avro.serialize(Topics.OUTCOMES,
                            OutcomeObserved.newBuilder().setEventId("o-" + request).setRequestId(request).setModelId(MODEL)
                                    .setEventTime(Instant.ofEpochMilli(time + 1_000)).setGroundTruth("legit").build()))));
                }
            }
            for (Future<RecordMetadata> landed : sent) {
                landed.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The first non-dry-run rollback command, read as the super user. */
    private static RollbackRequested awaitRollback(LocalStack stack, SecuredCluster cluster, ByteArrayOutputStream printed) throws Exception {
        Map<String, Object> props = cluster.client(SecuredCluster.ADMIN);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<Object> avro = new AvroDeserializer<>();
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ROLLBACK_COMMANDS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (avro.deserialize(record.topic(), record.value()) instanceof RollbackRequested r && r.getModelId().equals(MODEL)
                            && !r.getDryRun()) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no rollback command for " + MODEL + " within 180 s; the run printed:\n" + printed.toString(StandardCharsets.UTF_8));
    }

    /**
     * The rollbacks index's document for the command (its id is the idempotency key), as {@code <status> <body>}, once
     * it is there or after two minutes. A realtime GET by id: it needs no refresh and runs no search, and no request
     * waits more than 5 s for an answer (a search over indices still being created once hung the local node).
     */
    private static String awaitIndexed(String elasticsearch, String idempotencyKey) throws Exception {
        String document = elasticsearch.replaceAll("/+$", "") + "/shepherd-rollbacks/_doc/"
                + java.net.URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = answer(document);
        while (!last.startsWith("200") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = answer(document);
        }
        return last;
    }

    /** The last 60 lines of a running service's log. */
    private static String logTail(ServiceSet running, String service) throws java.io.IOException {
        for (ChildService child : running.children()) {
            if (child.name().equals(service)) {
                List<String> lines = Files.readAllLines(child.log());
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            }
        }
        return "(no " + service + " service)";
    }
}
