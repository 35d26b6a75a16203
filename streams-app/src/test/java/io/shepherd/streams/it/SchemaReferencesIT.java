package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.serde.ConfluentWireFormat;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;

/**
 * Predictions from a producer that registered PredictionServed the way JavaScript and Python clients with schema
 * references do (the shared types as subjects of their own, the event schema naming them in {@code references}) are
 * read and scored on the real broker and registry; a record whose schema has a reference that does not resolve (its
 * subject deleted) is dead-lettered with its reason, once, and the records after it on the same partition are scored.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaReferencesIT {

    /**
     * On a partition of its own among the models of the ITs (partition 0 of 4; labels-model and recovery-model are on
     * 2): the tests share the topics, and another test's event time on the same task would close or make late windows.
     */
    private static final String MODEL = "references-model";
    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS).toEpochMilli();
    private static final int PER_HALF = 20;
    private static final ObjectMapper JSON = RegistryHttp.JSON;
    private static final String POLICY = InputProducer.MINUTE_WINDOWS;

    @Test
    void predictionsWrittenWithSchemaReferencesAreScoredAndOneWithAnUnresolvableReferenceIsDeadLettered(LocalStack stack,
            @TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        RegistryHttp registry = new RegistryHttp(stack.registryUrl());
        int withReferences = registerWithReferences(registry, run);
        int broken = registry.registerBroken("it-refs-" + run);
        RecordMetadata bad = produce(stack, withReferences, broken);
        String application = "refs-" + run;
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", application, "SHEPHERD_STATE_DIR", dir.toString())));
        KafkaStreams streams = StreamsApp.start(config);
        try {
            List<ServingHealthScored> windows = CommittedRecords.readUntil(stack, Topics.SERVING_HEALTH, ServingHealthScored.class,
                    r -> r.toString().contains("\"" + MODEL + "\""), all -> all.size() >= 2);
            assertThat(windows).extracting(w -> w.getWindowStart().toEpochMilli(), ServingHealthScored::getRequests)
                    .as("every prediction before and after the bad one scored in its window")
                    .startsWith(org.assertj.core.groups.Tuple.tuple(T0, 2L * PER_HALF), org.assertj.core.groups.Tuple.tuple(T0 + MINUTE,
                            (long) PER_HALF));
            List<DeadLettered> letters = CommittedRecords.readUntil(stack, Topics.DEAD_LETTERS, DeadLettered.class, d -> d.getApplication().equals(application)
                    && d.getSourceTopic().equals(Topics.PREDICTIONS) && d.getSourcePartition() == bad.partition(), all -> !all.isEmpty());
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.getSourceOffset()).isEqualTo(bad.offset());
                // The registry client reports the referenced subject it cannot find as such (not UNUSABLE_SCHEMA, its
                // reason for a schema that is found and does not parse).
                assertThat(d.getReason()).isEqualTo("SCHEMA_NOT_REGISTERED");
                assertThat(d.getDetail()).contains("it-refs-" + run + "-deleted");
                assertThat(d.getOriginalValue().array()).startsWith(ConfluentWireFormat.header(broken));
            });
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Variant, Prediction and ServingStatus as subjects of their own, PredictionServed naming them as references. */
    private static int registerWithReferences(RegistryHttp registry, String run) throws Exception {
        ObjectNode main = (ObjectNode) JSON.readTree(PredictionServed.getClassSchema().toString());
        ArrayNode references = JSON.createArrayNode();
        for (JsonNode field : main.get("fields")) {
            JsonNode type = field.get("type");
            if (type.isObject() && type.has("name")) {
                // Nested in the event, a type leaves out the namespace it shares; on its own it must state it.
                ((ObjectNode) type).put("namespace", "io.shepherd.events");
                String name = "io.shepherd.events." + type.get("name").asText();
                String subject = "it-refs-" + run + "-" + name;
                registry.register(subject, type.toString(), JSON.createArrayNode());
                references.add(JSON.createObjectNode().put("name", name).put("subject", subject).put("version", 1));
                ((ObjectNode) field).put("type", name);
            }
        }
        assertThat(references).hasSize(3);
        // The Java producers' inlined schema comes first, as in a deployment that adds such a client; Apicurio 2.6 cannot
        // check the compatibility of a schema with references ("invalid Avro schema"), so the subject takes any schema.
        registry.register(Topics.PREDICTIONS + "-value", PredictionServed.getClassSchema().toString(), JSON.createArrayNode());
        // (Its Confluent API drops the subject's rule for NONE, so the global BACKWARD would still apply: its own API.)
        registry.send("POST", registry.nativeApi() + "/groups/default/artifacts/" + Topics.PREDICTIONS + "-value/rules",
                "{\"type\":\"COMPATIBILITY\",\"config\":\"NONE\"}");
        return registry.register(Topics.PREDICTIONS + "-value", main.toString(), references);
    }

    /** Minute 0: 20 predictions, the broken record, 20 more; minute 1: 20; then one in minute 3 that closes both. */
    private static RecordMetadata produce(LocalStack stack, int schemaId, int brokenId)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        try (KafkaProducer<String, String> policies = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
             KafkaProducer<String, Object> lifecycle = new KafkaProducer<>(props, new StringSerializer(), values);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            policies.send(new ProducerRecord<>(Topics.POLICIES, MODEL, POLICY)).get(30, TimeUnit.SECONDS);
            lifecycle.send(new ProducerRecord<>(Topics.LIFECYCLE, MODEL, ModelLifecycle.newBuilder().setEventId("deploy-" + MODEL)
                    .setModelId(MODEL).setEventTime(Instant.ofEpochMilli(T0)).setType(LifecycleEventType.DEPLOYED).setToVersion("v1")
                    .setVariant(Variant.CHAMPION).build())).get(30, TimeUnit.SECONDS);
            Future<RecordMetadata> sent = null;
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 3 * PER_HALF; i++) {
                times.add(T0 + i * (MINUTE / (2 * PER_HALF)));
            }
            times.add(T0 + 3 * MINUTE);
            for (int i = 0; i < times.size(); i++) {
                if (i == PER_HALF) {
                    byte[] bad = framed(brokenId, prediction(times.get(i), "bad"));
                    sent = producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, times.get(i), MODEL, bad));
                }
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, times.get(i), MODEL,
                        framed(schemaId, prediction(times.get(i), "r" + i))));
            }
            producer.flush();
            return sent.get(30, TimeUnit.SECONDS);
        }
    }

    private static PredictionServed prediction(long time, String requestId) {
        return PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId).setModelId(MODEL).setModelVersion("v1")
                .setEventTime(Instant.ofEpochMilli(time)).setPrediction(Prediction.newBuilder().setScore(0.5).build()).setLatencyMs(12)
                .build();
    }

    /** The Confluent wire format: the bytes are those of the inlined schema, whichever id frames them. */
    private static byte[] framed(int schemaId, PredictionServed event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(PredictionServed.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
