package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.serde.InMemorySchemaRegistry;
import io.shepherd.serde.SchemaRegistries;
import io.shepherd.serde.SchemaRegistryClient;
import io.shepherd.serde.SchemaRegistryException;

class FeaturesReaderTest {

    private final String scope = "features-reader-" + UUID.randomUUID();
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final SchemaRegistryClient registry = SchemaRegistries.forConfig(AvroSerdeConfig.from(serdeConfig));
    private final FeaturesReader reader = new FeaturesReader(registry,
            new AvroDeserializer<>(registry, AvroSerdeConfig.from(serdeConfig), FeaturesObserved.class));
    private final AvroDeserializer<FeaturesObserved> avro = new AvroDeserializer<>(registry, AvroSerdeConfig.from(serdeConfig),
            FeaturesObserved.class);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void readsEveryKindOfValueAsAvroReadsIt() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = serialize(randomEvent(random, i));

            Observation fast = reader.read(Topics.FEATURES, bytes);

            assertThat(comparable(fast)).isEqualTo(comparable(Observation.of(avro.deserialize(Topics.FEATURES, bytes))));
        }
        assertThat(reader.readDirectly()).isEqualTo(500);
    }

    @Test
    void aRecurringNameOrCategoryIsTheSameString() {
        Observation first = reader.read(Topics.FEATURES, serialize(event(Map.of("city", "Zürich", "age", 31.0))));
        Observation second = reader.read(Topics.FEATURES, serialize(event(Map.of("city", "Zürich", "age", 32.0))));

        assertThat(key(second, "city")).isSameAs(key(first, "city"));
        assertThat(second.features().get("city")).isSameAs(first.features().get("city"));
        assertThat(second.modelId()).isSameAs(first.modelId());
        assertThat(second.eventId()).isNotEqualTo(first.eventId());
    }

    @Test
    void aMalformedRecordFailsAsTheDeserializerFailsOnIt() {
        byte[] good = serialize(event(Map.of("age", 31.0)));
        List<byte[]> bad = List.of(
                Arrays.copyOf(good, good.length - 3),
                Arrays.copyOf(good, good.length + 1),
                withUnionBranch(good, 9));
        for (byte[] bytes : bad) {
            Throwable expected = catchThrowable(() -> avro.deserialize(Topics.FEATURES, bytes));

            assertThat(expected).isInstanceOf(SchemaRegistryException.class);
            assertThatThrownBy(() -> reader.read(Topics.FEATURES, bytes))
                    .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        }
        assertThat(reader.readDirectly()).isZero();
    }

    @Test
    void aRecordOfAnotherWriterSchemaIsResolvedByAvro() {
        Schema older = SchemaBuilder.record("FeaturesObserved").namespace("io.shepherd.events").fields()
                .requiredString("eventId").requiredString("requestId").requiredString("modelId").requiredString("modelVersion")
                .requiredLong("eventTime").name("tenant").type().stringType().stringDefault("none")
                .name("features").type().map().values().unionOf().nullType().and().doubleType().and().stringType()
                .and().array().items().floatType().endUnion().noDefault()
                .endRecord();
        GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e-1");
        record.put("requestId", "r-1");
        record.put("modelId", "churn");
        record.put("modelVersion", "v1");
        record.put("eventTime", 1_700_000_000_000L);
        record.put("tenant", "acme");
        record.put("features", Map.of("age", 41.0));
        byte[] bytes = serialize(record);

        Observation observation = reader.read(Topics.FEATURES, bytes);

        assertThat(observation).isEqualTo(new Observation("e-1", "churn", "v1", 1_700_000_000_000L, Map.of("age", 41.0)));
        assertThat(reader.readDirectly()).isZero();
    }

    private static byte[] withUnionBranch(byte[] good, int branch) {
        // the record ends with its one feature: branch (1 byte), double (8 bytes), end of the map (1 byte)
        byte[] bytes = good.clone();
        int lastValue = bytes.length - 1 - 9;
        bytes[lastValue] = (byte) (branch << 1);
        return bytes;
    }

    private static Throwable catchThrowable(Runnable run) {
        try {
            run.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String key(Observation observation, String name) {
        return observation.features().keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }

    /** Embeddings as float arrays, so lists of either implementation compare by their values. */
    private static Observation comparable(Observation o) {
        Map<String, Object> features = new HashMap<>();
        o.features().forEach((name, value) -> features.put(name, value instanceof List<?> list ? list.toString() : value));
        return new Observation(o.eventId(), o.modelId(), o.modelVersion(), o.eventTime(), features);
    }

    private FeaturesObserved randomEvent(SplittableRandom random, int i) {
        Map<String, Object> features = new HashMap<>();
        int n = random.nextInt(40);
        for (int f = 0; f < n; f++) {
            String name = random.nextInt(20) == 0 ? "größe-" + f : "f" + random.nextInt(60);
            features.put(name, switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
                case 2 -> random.nextInt(10) == 0 ? "" : "cat-" + random.nextInt(30);
                case 3 -> floats(random, random.nextInt(5));
                default -> (double) random.nextInt(4);
            });
        }
        return event("e-" + i, features);
    }

    private static List<Float> floats(SplittableRandom random, int n) {
        List<Float> vector = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vector.add((float) random.nextGaussian());
        }
        return vector;
    }

    private static FeaturesObserved event(Map<String, Object> features) {
        return event(UUID.randomUUID().toString(), features);
    }

    private static FeaturesObserved event(String eventId, Map<String, Object> features) {
        return FeaturesObserved.newBuilder().setEventId(eventId).setRequestId("r-" + eventId).setModelId("churn")
                .setModelVersion("v1").setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).setFeatures(features).build();
    }

    private byte[] serialize(Object record) {
        try (AvroSerializer<Object> serializer = new AvroSerializer<>()) {
            serializer.configure(serdeConfig, false);
            return serializer.serialize(Topics.FEATURES, record);
        }
    }
}
