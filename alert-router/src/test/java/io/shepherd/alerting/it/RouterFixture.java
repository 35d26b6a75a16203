package io.shepherd.alerting.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.app.AlertRouterApplication;
import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;

/**
 * One router under test against the real broker and registry, with Slack and PagerDuty played by loopback servers.
 * Each fixture has its own consumer group, so tests sharing the broker do not share offsets; they use their own
 * model ids.
 */
final class RouterFixture implements AutoCloseable {

    static final String ROUTING_KEY = "R0UTINGKEY0000000000000000000000";
    static final String HMAC_KEY = "it-hmac-key";

    final LocalStack stack;
    final RecordingReceiver slack;
    final RecordingReceiver pagerDuty;
    final String groupId = "router-it-" + UUID.randomUUID();
    /** Settings (environment variables) that override the fixture's, for the next router started. */
    final Map<String, String> settings = new HashMap<>();
    private final Path routingFile;
    private final KafkaProducer<String, Object> producer;
    private ConfigurableApplicationContext router;

    RouterFixture(LocalStack stack, String routingYaml) throws IOException {
        this.stack = stack;
        stack.createTopics(Topics.ALL);
        this.slack = new RecordingReceiver(200);
        this.pagerDuty = new RecordingReceiver(202);
        this.routingFile = Files.createTempFile("routing", ".yml");
        Files.writeString(routingFile, routingYaml);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    }

    static String routing(String groupWait, String groupInterval) {
        return """
                receivers:
                  - name: model-owners
                    integrations:
                      - {type: slack, levels: [warning, critical, emergency]}
                      - {type: rollback, levels: [emergency]}
                      - {type: pagerduty, levels: [critical, emergency]}
                      - {type: investigation, levels: [critical, emergency]}
                route:
                  receiver: model-owners
                  groupBy: [modelId, modelVersion]
                  groupWait: %s
                  groupInterval: %s
                  repeatInterval: 4h
                inhibitRules:
                  - sourceMatchers: ['severity="emergency"']
                    targetMatchers: ['severity=~"warning|critical"']
                    equal: [modelId, modelVersion]
                """.formatted(groupWait, groupInterval);
    }

    AlertRouterConfig config() {
        return AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), env()));
    }

    /** The router's settings as environment variables; each call picks a new free HTTP port. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_HTTP_PORT", String.valueOf(LocalStack.freePort()));
        env.put("SHEPHERD_HTTP_ADDRESS", "127.0.0.1");
        env.put("SHEPHERD_SLACK_WEBHOOK_URL", slack.url("/services/T0/B0/secret"));
        env.put("SHEPHERD_PAGERDUTY_ROUTING_KEY", ROUTING_KEY);
        env.put("SHEPHERD_PAGERDUTY_EVENTS_URL", pagerDuty.url("/v2/enqueue"));
        env.put("SHEPHERD_ROLLBACK_HMAC_KEY", HMAC_KEY);
        env.put("SHEPHERD_GROUP_ID", groupId);
        env.put("SHEPHERD_ROUTING_FILE", routingFile.toString());
        env.put("SHEPHERD_ROLLBACK_COOLDOWN", "PT1H");
        env.putAll(settings);
        return env;
    }

    void startRouter() {
        router = AlertRouterApplication.run(config(), Clock.systemUTC());
    }

    void stopRouter() {
        router.close();
        router = null;
    }

    int httpPort() {
        return Integer.parseInt(router.getEnvironment().getProperty("local.server.port"));
    }

    RecordMetadata publish(String topic, String key, SpecificRecord event) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }

    RecordMetadata health(ModelHealthChanged event) {
        return publish(Topics.MODEL_HEALTH, event.getModelId(), event);
    }

    void lifecycle(ModelLifecycle event) {
        publish(Topics.LIFECYCLE, event.getEventId(), event);
    }

    /** Every event on a topic whose model id is {@code modelId}, in the order of the topic's partitions. */
    List<SpecificRecord> events(String topic, String modelId) {
        return events(topic).stream().filter(e -> e.getSchema().getField("modelId") != null
                && String.valueOf(e.get(e.getSchema().getField("modelId").pos())).equals(modelId)).toList();
    }

    void publishBytes(String topic, String key, byte[] value) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every event on a topic. */
    List<SpecificRecord> events(String topic) {
        return records(topic).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * Every committed record on a topic (read_committed: what a deployment controller reads), with its timestamp: for
     * events published by the router, when it published them.
     */
    List<ConsumerRecord<String, SpecificRecord>> records(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroDeserializer<SpecificRecord> values = new AvroDeserializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl(), AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);
        List<ConsumerRecord<String, SpecificRecord>> found = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
        }
        return found;
    }

    /** As if the router had died before committing this record: the group's committed offset goes back to it. */
    void uncommit(RecordMetadata record) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(groupId, Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset()))).all().get();
        }
    }

    /** The group's committed offset of the record's partition is past the record. */
    boolean committed(RecordMetadata record) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        }
    }

    String get(String path) throws Exception {
        return http(HttpRequest.newBuilder(api(path)).build()).body();
    }

    HttpResponse<String> http(String method, String path, String json) throws Exception {
        return http(method, path, json, null);
    }

    /** A request with this {@code Authorization} header (none when null). */
    HttpResponse<String> http(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http(request.build());
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    private static HttpResponse<String> http(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** Lets the router run for a while, to show that nothing more is sent. */
    static void quietFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() throws IOException {
        if (router != null) {
            stopRouter();
        }
        producer.close();
        slack.close();
        pagerDuty.close();
        Files.deleteIfExists(routingFile);
    }
}
