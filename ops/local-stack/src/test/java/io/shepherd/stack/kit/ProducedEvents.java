package io.shepherd.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.stack.LocalStack;

/**
 * What a producer example says it sent (one JSON line per delivered record: topic, partition, offset, key, value),
 * read back at exactly those offsets with Shepherd's own {@link AvroDeserializer}.
 */
record ProducedEvents(List<JsonNode> sent, Map<JsonNode, SpecificRecord> read, Map<JsonNode, String> keys) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            Topics.LIFECYCLE, ModelLifecycle.class,
            Topics.PREDICTIONS, PredictionServed.class,
            Topics.FEATURES, FeaturesObserved.class,
            Topics.OUTCOMES, OutcomeObserved.class);
    /** Python prints 20.0 where JavaScript prints 20, and Java reads a float 0.125 that Jackson writes as 0.125. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    static ProducedEvents readWithJava(LocalStack stack, List<JsonNode> sent) {
        Map<TopicPartition, List<JsonNode>> byPartition = sent.stream().collect(Collectors.groupingBy(
                line -> new TopicPartition(line.get("topic").asText(), line.get("partition").asInt())));
        Map<JsonNode, SpecificRecord> read = new HashMap<>();
        Map<JsonNode, String> keys = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(stack), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(byPartition.keySet());
            byPartition.forEach((partition, lines) -> consumer.seek(partition,
                    lines.stream().mapToLong(line -> line.get("offset").asLong()).min().orElseThrow()));
            Map<String, AvroDeserializer<? extends SpecificRecord>> deserializers = deserializers(stack);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    for (JsonNode line : byPartition.get(new TopicPartition(record.topic(), record.partition()))) {
                        if (line.get("offset").asLong() == record.offset()) {
                            read.put(line, deserializers.get(record.topic()).deserialize(record.topic(), record.value()));
                            keys.put(line, new String(record.key(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return new ProducedEvents(sent, read, keys);
    }

    /** Every record the example printed is at its offset, with its key, and Java reads its value field for field. */
    void assertJavaReadsWhatWasSent() {
        assertThat(read).as("records read back at the offsets the example printed").hasSameSizeAs(sent);
        for (JsonNode line : sent) {
            assertThat(keys.get(line)).as("key of %s", line).isEqualTo(line.get("key").asText());
            JsonNode javaRead = JSON.valueToTree(plain(read.get(line)));
            assertThat(javaRead.equals(NUMBERS_BY_VALUE, line.get("value")))
                    .as("%s at offset %s: Java read%n%s%nthe example sent%n%s", line.get("topic"), line.get("offset"), javaRead, line.get("value"))
                    .isTrue();
        }
    }

    /** Each record's partition is the one Java's producer picks for its key, so a model's events share one. */
    void assertPartitionedAsJava(LocalStack stack) throws Exception {
        Map<String, Integer> partitions = new HashMap<>();
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            for (var d : admin.describeTopics(TYPES.keySet()).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                partitions.put(d.name(), d.partitions().size());
            }
        }
        for (JsonNode line : sent) {
            byte[] key = line.get("key").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(line.get("partition").asInt()).as("partition of key %s on %s", line.get("key"), line.get("topic"))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions.get(line.get("topic").asText()));
        }
    }

    <T extends SpecificRecord> List<T> events(String topic, Class<T> type) {
        return sent.stream().filter(line -> line.get("topic").asText().equals(topic)).map(read::get).map(type::cast).toList();
    }

    List<String> keys(String topic) {
        return sent.stream().filter(line -> line.get("topic").asText().equals(topic)).map(keys::get).toList();
    }

    private static Map<String, AvroDeserializer<? extends SpecificRecord>> deserializers(LocalStack stack) {
        Map<String, AvroDeserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
        TYPES.forEach((topic, type) -> {
            AvroDeserializer<? extends SpecificRecord> deserializer = new AvroDeserializer<>(type);
            deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
            deserializers.put(topic, deserializer);
        });
        return deserializers;
    }

    private static Properties consumerProps(LocalStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kit-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** An Avro value as the plain JSON a producer in another language builds: timestamps as epoch milliseconds. */
    private static Object plain(Object value) {
        if (value instanceof SpecificRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                fields.put(field.name(), plain(record.get(field.pos())));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(k.toString(), plain(v)));
            return entries;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        return value instanceof Enum<?> || value instanceof CharSequence ? value.toString() : value;
    }
}
