package io.shepherd.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.PredictionServed;

class AvroSerdeTest {

    private static final String TOPIC = "shepherd.predictions";
    private final String scope = "serde-test-" + System.nanoTime();
    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    private Map<String, Object> config(Object... overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        for (int i = 0; i < overrides.length; i += 2) {
            config.put((String) overrides[i], overrides[i + 1]);
        }
        return config;
    }

    @Test
    void writesMagicByteAndRegisteredSchemaIdUnderTopicNameSubject() {
        AvroSerde<PredictionServed> serde = AvroSerde.specific(PredictionServed.class, config(), false);

        byte[] bytes = serde.serializer().serialize(TOPIC, SampleEvents.prediction("r1"));

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.latest(TOPIC + "-value").id()).isEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(PredictionServed.getClassSchema());
    }

    @Test
    void specificEventsRoundTripFieldForField() {
        AvroSerde<PredictionServed> predictions = AvroSerde.specific(PredictionServed.class, config(), false);
        AvroSerde<FeaturesObserved> features = AvroSerde.specific(FeaturesObserved.class, config(), false);
        AvroSerde<ModelHealthChanged> health = AvroSerde.specific(ModelHealthChanged.class, config(), false);

        PredictionServed p = SampleEvents.prediction("r1");
        FeaturesObserved f = SampleEvents.features("r1");
        ModelHealthChanged h = SampleEvents.health();

        assertThat(predictions.deserializer().deserialize(TOPIC, predictions.serializer().serialize(TOPIC, p))).isEqualTo(p);
        FeaturesObserved fBack = features.deserializer().deserialize("f", features.serializer().serialize("f", f));
        assertThat(fBack.getFeatures()).containsEntry("amount", 129.99).containsEntry("country", "DE")
                .containsEntry("merchant_embedding", List.of(0.1f, -0.4f, 0.9f));
        assertThat((Double) fBack.getFeatures().get("device_age_days")).isNaN();
        assertThat(health.deserializer().deserialize("h", health.serializer().serialize("h", h))).isEqualTo(h);
    }

    @Test
    void genericReaderGetsTheWriterSchema() {
        byte[] bytes = AvroSerde.specific(PredictionServed.class, config(), false).serializer().serialize(TOPIC, SampleEvents.prediction("r2"));

        AvroSerde<GenericRecord> generic = AvroSerde.generic();
        generic.configure(config(), false);
        GenericRecord record = generic.deserializer().deserialize(TOPIC, bytes);

        assertThat(record.get("requestId").toString()).isEqualTo("r2");
        assertThat(record.get("eventTime")).isEqualTo(SampleEvents.T0.toEpochMilli());
        assertThat(((GenericRecord) record.get("prediction")).get("score")).isEqualTo(0.87);
    }

    @Test
    void specificAvroReaderFindsTheGeneratedClass() {
        byte[] bytes = AvroSerde.specific(PredictionServed.class, config(), false).serializer().serialize(TOPIC, SampleEvents.prediction("r3"));

        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);

        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(SampleEvents.prediction("r3"));
    }

    @Test
    void olderWriterIsReadIntoTheCurrentClassWithDefaults() {
        Schema v0 = new Schema.Parser().parse("""
                {"type":"record","name":"OutcomeObserved","namespace":"io.shepherd.events","fields":[
                  {"name":"eventId","type":"string"},{"name":"requestId","type":"string"},{"name":"modelId","type":"string"},
                  {"name":"eventTime","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"groundTruth","type":["double","string"]}]}""");
        GenericRecord old = new GenericData.Record(v0);
        old.put("eventId", "o1");
        old.put("requestId", "r1");
        old.put("modelId", "m");
        old.put("eventTime", 1_000L);
        old.put("groundTruth", "fraud");
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, AvroSerdeConfig.forUrl("mock://" + scope), false).serialize("o", old);

        var outcome = new AvroDeserializer<>(registry, AvroSerdeConfig.forUrl("mock://" + scope), io.shepherd.events.OutcomeObserved.class)
                .deserialize("o", bytes);

        assertThat(outcome.getGroundTruth()).isEqualTo("fraud");
        assertThat(outcome.getEventTime().toEpochMilli()).isEqualTo(1_000L);
    }

    @Test
    void wrongMagicByteIsReportedClearly() {
        AvroDeserializer<PredictionServed> deserializer = AvroSerde.specific(PredictionServed.class, config(), false).deserializer();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"json\":true}".getBytes()))
                .isInstanceOf(SchemaRegistryException.WrongMagicByte.class)
                .hasMessageContaining("0x7b").hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SchemaRegistryException.WrongMagicByte.class).hasMessageContaining("too short");
    }

    @Test
    void unknownSchemaIdIsReportedWithTheId() {
        AvroDeserializer<PredictionServed> deserializer = AvroSerde.specific(PredictionServed.class, config(), false).deserializer();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0x30, 0x39, 2, 4}))
                .isInstanceOfSatisfying(SchemaRegistryException.UnknownSchemaId.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(12345);
                    assertThat(e.reason()).isEqualTo("UNKNOWN_SCHEMA_ID");
                    assertThat(e.retriable()).isFalse();
                });
    }

    @Test
    void truncatedOrPaddedPayloadIsUndecodable() {
        AvroSerde<PredictionServed> serde = AvroSerde.specific(PredictionServed.class, config(), false);
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleEvents.prediction("r4"));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("not valid Avro");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, padded))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void incompatibleSchemaIsRefusedWithTheSubject() {
        registry.register("t-value", new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}"));
        Schema incompatible = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\",\"type\":\"int\"}]}");

        assertThatThrownBy(() -> registry.register("t-value", incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class, e -> assertThat(e.subject()).isEqualTo("t-value"));
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
        AvroSerde<PredictionServed> serde = AvroSerde.specific(PredictionServed.class, config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, SampleEvents.prediction("r5")))
                .isInstanceOf(SchemaRegistryException.NotRegistered.class).hasMessageContaining(TOPIC + "-value");

        registry.register(TOPIC + "-value", PredictionServed.getClassSchema());
        assertThat(serde.serializer().serialize(TOPIC, SampleEvents.prediction("r5"))).isNotEmpty();
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        Schema withExtraField = new Schema.Parser().parse(PredictionServed.getClassSchema().toString()
                .replace("{\"name\":\"segments\"", "{\"name\":\"tenant\",\"type\":\"string\",\"doc\":\"t\",\"default\":\"acme\"},{\"name\":\"segments\""));
        registry.register(TOPIC + "-value", PredictionServed.getClassSchema());
        int latestId = registry.register(TOPIC + "-value", withExtraField);
        AvroSerde<PredictionServed> serde = AvroSerde.specific(PredictionServed.class,
                config(AvroSerdeConfig.USE_LATEST_VERSION, true, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        byte[] bytes = serde.serializer().serialize(TOPIC, SampleEvents.prediction("r6"));

        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(latestId);
        AvroSerde<GenericRecord> generic = AvroSerde.generic();
        generic.configure(config(), false);
        GenericRecord read = generic.deserializer().deserialize(TOPIC, bytes);
        assertThat(read.get("tenant").toString()).isEqualTo("acme");
        assertThat(read.get("requestId").toString()).isEqualTo("r6");
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(SampleEvents.prediction("r6"));
    }

    @Test
    void recordAndTopicRecordStrategiesNameTheSubject() {
        Schema schema = PredictionServed.getClassSchema();

        AvroSerdeConfig record = AvroSerdeConfig.from(config(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"));
        AvroSerdeConfig topicRecord = AvroSerdeConfig.from(config(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"));

        assertThat(record.subjectNameStrategy(false).subject(TOPIC, false, schema)).isEqualTo("io.shepherd.events.PredictionServed");
        assertThat(record.subjectNameStrategy(true).subject(TOPIC, true, schema)).isEqualTo(TOPIC + "-key");
        assertThat(topicRecord.subjectNameStrategy(true).subject(TOPIC, true, schema)).isEqualTo(TOPIC + "-io.shepherd.events.PredictionServed");
        assertThatThrownBy(() -> AvroSerdeConfig.from(config(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "ByPhaseOfMoon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ByPhaseOfMoon");
    }

    @Test
    void configNeedsARegistryUrlAndNeverPrintsCredentials() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");

        AvroSerdeConfig config = AvroSerdeConfig.from(config(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:s3cr3t"));

        assertThat(config.basicAuthUserInfo()).contains("svc:s3cr3t");
        assertThat(config.toString()).doesNotContain("s3cr3t").contains("basicAuth=set");
    }
}
