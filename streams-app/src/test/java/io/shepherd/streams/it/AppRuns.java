package io.shepherd.streams.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

import io.shepherd.contract.Topics;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.streams.StreamsApp;

/** Runs of the streams app on the real broker, compared by what they committed: offsets, output records, child JVMs. */
public final class AppRuns {

    private AppRuns() {
    }

    /** End offsets of the topics' partitions, by {@code topic-partition}. */
    public static Map<String, Long> endOffsets(LocalStack stack, String... topics) throws Exception {
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

    /** The application's committed offsets on a topic, by {@code topic-partition}. */
    public static Map<String, Long> committed(LocalStack stack, String applicationId, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<String, Long> byPartition = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    byPartition.put(tp.toString(), offset.offset());
                }
            });
            return byPartition;
        }
    }

    /** Whether the application has committed every partition of the snapshot up to its offset. */
    public static boolean caughtUp(LocalStack stack, String applicationId, String topic, Map<String, Long> upTo) throws Exception {
        Map<String, Long> committed = committed(stack, applicationId, topic);
        return upTo.entrySet().stream().filter(e -> e.getKey().startsWith(topic + "-"))
                .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** The committed records of a topic between two offset snapshots, in partition order. */
    public static <T> List<T> read(LocalStack stack, String topic, Map<String, Long> from, Map<String, Long> to, Class<T> type) {
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
        return records;
    }

    /** For each model: its policy (JSON) on the policies topic and v1 DEPLOYED as champion at {@code at}. */
    public static void deploy(LocalStack stack, List<String> models, String policy, long at) throws Exception {
        try (KafkaProducer<String, String> policies = textProducer(stack);
             KafkaProducer<String, Object> producer = avroProducer(stack)) {
            for (String model : models) {
                policies.send(new ProducerRecord<>(Topics.POLICIES, model, policy)).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(Topics.LIFECYCLE, "deploy-" + model, ModelLifecycle.newBuilder()
                        .setEventId("deploy-" + model).setModelId(model).setEventTime(Instant.ofEpochMilli(at))
                        .setType(LifecycleEventType.DEPLOYED).setToVersion("v1").setVariant(Variant.CHAMPION).build())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A producer of Avro events through the stack's registry, batching for 20 ms. */
    public static KafkaProducer<String, Object> avroProducer(LocalStack stack) {
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        return new KafkaProducer<>(producerProps(stack), new StringSerializer(), values);
    }

    /** A producer of text values (policies), batching for 20 ms. */
    public static KafkaProducer<String, String> textProducer(LocalStack stack) {
        return new KafkaProducer<>(producerProps(stack), new StringSerializer(), new StringSerializer());
    }

    private static Properties producerProps(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return props;
    }

    /**
     * The environment of one instance of the app: the stack, the application id, its own state directory, health and
     * metrics on any free loopback port, and a session timeout of 10 s (Kafka's default 45 s), so that a killed
     * instance's tasks move sooner. A mutable map, for the caller's settings.
     */
    public static Map<String, String> instanceEnv(LocalStack stack, String applicationId, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_APPLICATION_ID", applicationId);
        env.put("SHEPHERD_STATE_DIR", stateDir.toString());
        env.put("SHEPHERD_HTTP_BIND", "127.0.0.1");
        env.put("SHEPHERD_HTTP_PORT", "0");
        env.put("SHEPHERD_KAFKA_SESSION_TIMEOUT_MS", "10000");
        return env;
    }

    /** The app in a JVM of its own with this environment, its output in {@code log}. */
    public static Process startChild(Map<String, String> env, String heap, Path log) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), StreamsApp.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("SHEPHERD_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
