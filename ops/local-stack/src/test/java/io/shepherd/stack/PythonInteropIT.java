package io.shepherd.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.interop.ExternalProcess;
import io.shepherd.stack.interop.PythonClient;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * A Python serving system using Confluent's own client (Debian's python3-confluent-kafka with python3-avro) and
 * Shepherd's Java serde exchange PredictionServed events through the real registry and broker, both ways.
 */
@ExtendWith(LocalStackExtension.class)
class PythonInteropIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @BeforeAll
    static void pythonClientInstalled() throws Exception {
        PythonClient.ensureInstalled();
    }

    @Test
    void pythonProducesAndJavaReadsFieldForField(LocalStack stack, @TempDir Path dir) throws Exception {
        String topic = newTopic(stack, "interop.python-to-java");
        List<PredictionServed> events = events("py");
        Path schema = Files.writeString(dir.resolve("PredictionServed.avsc"), PredictionServed.getClassSchema().toString());
        Path lines = dir.resolve("events.json");
        Files.write(lines, events.stream().map(e -> JSON.valueToTree(asJson(e)).toString()).toList());

        var produced = python(List.of("produce", stack.bootstrapServers(), stack.registryUrl(), topic, schema.toString(), lines.toString()));
        assertThat(produced.exitCode()).as(produced.describe()).isZero();

        List<ConsumerRecord<String, PredictionServed>> read = consumeWithJava(stack, topic, events.size());
        assertThat(read).extracting(ConsumerRecord::key).containsOnly("fraud-scorer");
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(events);
    }

    @Test
    void javaProducesAndPythonReadsFieldForField(LocalStack stack) throws Exception {
        String topic = newTopic(stack, "interop.java-to-python");
        List<PredictionServed> events = events("java");
        // Kafka configures serializers it creates from class names, not instances handed to it.
        AvroSerializer<PredictionServed> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        try (KafkaProducer<String, PredictionServed> producer = new KafkaProducer<>(producerProps(stack), new StringSerializer(), values)) {
            for (PredictionServed event : events) {
                producer.send(new ProducerRecord<>(topic, event.getModelId(), event)).get(30, TimeUnit.SECONDS);
            }
        }

        var consumed = python(List.of("consume", stack.bootstrapServers(), stack.registryUrl(), topic, String.valueOf(events.size()),
                "py-" + UUID.randomUUID()));
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();

        List<JsonNode> read = new ArrayList<>();
        for (String line : consumed.output().lines().filter(l -> l.startsWith("{")).toList()) {
            read.add(JSON.readTree(line));
        }
        assertThat(read).extracting(node -> node.get("key").asText()).containsOnly("fraud-scorer");
        assertThat(read).extracting(node -> node.get("value"))
                .containsExactlyElementsOf(events.stream().map(e -> (JsonNode) JSON.valueToTree(asJson(e))).toList());
    }

    /** Every kind of field: unions set and null, a map of doubles, an enum, string tags, an error with its kind. */
    private static List<PredictionServed> events(String prefix) {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        List<PredictionServed> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boolean failed = i == 3;
            events.add(PredictionServed.newBuilder()
                    .setEventId(prefix + "-evt-" + i)
                    .setRequestId(prefix + "-req-" + i)
                    .setModelId("fraud-scorer")
                    .setModelVersion(i < 4 ? "v7" : "v8")
                    .setVariant(i == 4 ? Variant.CANARY : Variant.CHAMPION)
                    .setEventTime(t0.plusMillis(i * 1_250L))
                    .setPrediction(failed ? Prediction.newBuilder().build() : Prediction.newBuilder()
                            .setScore(0.1 + i * 0.2)
                            .setLabel(i % 2 == 0 ? "legit" : "fraud")
                            .setProbabilities(i == 2 ? null : Map.of("fraud", 0.1 + i * 0.2, "legit", 0.9 - i * 0.2))
                            .build())
                    .setLatencyMs(3.5 + i)
                    .setStatus(failed ? ServingStatus.ERROR : ServingStatus.OK)
                    .setErrorKind(failed ? "TIMEOUT" : null)
                    .setSegments(i == 1 ? Map.of() : Map.of("region", "eu-west", "tier", "gold"))
                    .build());
        }
        return events;
    }

    /** The JSON a Python serving system builds for the same event: timestamps as epoch milliseconds. */
    private static Map<String, Object> asJson(PredictionServed e) {
        Map<String, Object> prediction = new LinkedHashMap<>();
        prediction.put("score", e.getPrediction().getScore());
        prediction.put("label", e.getPrediction().getLabel());
        prediction.put("probabilities", e.getPrediction().getProbabilities());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", e.getEventId());
        json.put("requestId", e.getRequestId());
        json.put("modelId", e.getModelId());
        json.put("modelVersion", e.getModelVersion());
        json.put("variant", e.getVariant().name());
        json.put("eventTime", e.getEventTime().toEpochMilli());
        json.put("prediction", prediction);
        json.put("latencyMs", e.getLatencyMs());
        json.put("status", e.getStatus().name());
        json.put("errorKind", e.getErrorKind());
        json.put("segments", e.getSegments());
        return json;
    }

    private static List<ConsumerRecord<String, PredictionServed>> consumeWithJava(LocalStack stack, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "java-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroDeserializer<PredictionServed> values = new AvroDeserializer<>(PredictionServed.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        List<ConsumerRecord<String, PredictionServed>> read = new ArrayList<>();
        try (KafkaConsumer<String, PredictionServed> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, PredictionServed> record : consumer.poll(Duration.ofMillis(500))) {
                    read.add(record);
                }
            }
        }
        return read;
    }

    private static Properties producerProps(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static String newTopic(LocalStack stack, String prefix) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static ExternalProcess.Result python(List<String> args) throws Exception {
        Path script = Path.of(PythonInteropIT.class.getResource("/interop/confluent_interop.py").toURI());
        List<String> command = new ArrayList<>(List.of(PythonClient.PYTHON.toString(), script.toString()));
        command.addAll(args);
        return ExternalProcess.run(command, Duration.ofMinutes(2));
    }
}
