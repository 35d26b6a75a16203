package io.shepherd.streams.it;

import static io.shepherd.streams.it.CommittedRecords.avro;
import static io.shepherd.streams.it.CommittedRecords.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;
import io.shepherd.streams.pending.VersionGate;

/**
 * A serving system that sends a new version's first predictions and features before (2 s, and the same millisecond
 * as) the DEPLOYED event reaches Shepherd, on the real broker: the running app holds them (its pending-versions
 * changelog shows it) until the DEPLOYED event arrives, then scores every one of them in its window.
 */
@ExtendWith(LocalStackExtension.class)
class PendingVersionsIT {

    /**
     * On partition 1 of the contract's 4, which no other IT's model uses: the tests share the topics (see
     * SchemaReferencesIT). On the 12 partitions the tests run with it is 1, 5 or 9, still alone: 12 is a multiple of 4.
     */
    private static final String MODEL = "deploy-race-model";
    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS).toEpochMilli();
    private static final long DEPLOYED_AT = T0 + 2_000;
    private static final String POLICY = InputProducer.MINUTE_WINDOWS;

    @Test
    void featuresAndPredictionsBeforeAndInTheMillisecondOfTheirDeployedEventAreAllScored(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String application = "pending-" + UUID.randomUUID().toString().substring(0, 8);
        StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl(),
                "SHEPHERD_APPLICATION_ID", application, "SHEPHERD_STATE_DIR", dir.toString())));
        String changelog = application + "-" + VersionGate.STORE + "-changelog";
        assertThat(InputProducer.partitionOf(MODEL)).isEqualTo(1);
        // The gate's changelog partition is its task's, the model's input partition.
        int partition = Topics.partitionOf(MODEL, stack.partitions(Topics.FEATURES));
        try (KafkaProducer<String, Object> producer = producer(stack)) {
            producer.send(new ProducerRecord<>(Topics.POLICIES, MODEL, POLICY)).get(30, TimeUnit.SECONDS);
            KafkaStreams streams = StreamsApp.start(config);
            try {
                send(producer, T0);
                send(producer, DEPLOYED_AT);
                producer.flush();
                readUntil(stack, changelog, new ByteArrayDeserializer(), r -> r.partition() == partition && r.value() != null,
                        held -> held.size() >= 4);
                producer.send(new ProducerRecord<>(Topics.LIFECYCLE, null, DEPLOYED_AT, "deploy-" + MODEL, deployed())).get(30, TimeUnit.SECONDS);
                for (long t = T0 + 3_000; t < T0 + 10_000; t += 1_000) {
                    send(producer, t);
                }
                send(producer, T0 + 2 * MINUTE);
                producer.flush();

                readUntil(stack, changelog, new ByteArrayDeserializer(), r -> r.partition() == partition && r.value() == null,
                        released -> released.size() >= 4);
                List<ServingHealthScored> serving = readUntil(stack, Topics.SERVING_HEALTH, avro(stack, ServingHealthScored.class),
                        r -> r.value().toString().contains("\"" + MODEL + "\""), all -> all.stream().anyMatch(this::minuteZero));
                assertThat(serving.stream().filter(this::minuteZero).findFirst().orElseThrow().getRequests())
                        .as(() -> "predictions of minute 0 scored; serving windows " + serving + ", dead letters " + lettersOf(stack, application))
                        .isEqualTo(9L);
                List<DriftScored> drift = readUntil(stack, Topics.DRIFT_SCORES, avro(stack, DriftScored.class),
                        r -> r.value().toString().contains("\"" + MODEL + "\""), all -> all.stream().anyMatch(d -> amountOfMinuteZero(d)));
                assertThat(drift.stream().filter(this::amountOfMinuteZero).findFirst().orElseThrow().getSampleSize())
                        .as(() -> "features of minute 0 scored; dead letters " + lettersOf(stack, application)).isEqualTo(9L);
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    /** The dead letters of this app so far, for a failure's message. */
    private static List<DeadLettered> lettersOf(LocalStack stack, String application) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        return readUntil(stack, Topics.DEAD_LETTERS, avro(stack, DeadLettered.class), r -> r.value().getApplication().equals(application),
                all -> System.nanoTime() > until);
    }

    private boolean minuteZero(ServingHealthScored s) {
        return s.getWindowStart().toEpochMilli() == T0;
    }

    private boolean amountOfMinuteZero(DriftScored d) {
        return d.getFeature().equals("amount") && d.getWindowStart().toEpochMilli() == T0;
    }

    private static void send(KafkaProducer<String, Object> producer, long time) {
        String id = "pending-" + time;
        producer.send(new ProducerRecord<>(Topics.PREDICTIONS, null, time, MODEL, PredictionServed.newBuilder().setEventId("p-" + id)
                .setRequestId(id).setModelId(MODEL).setModelVersion("v2").setEventTime(Instant.ofEpochMilli(time))
                .setPrediction(Prediction.newBuilder().setScore(0.5).build()).setLatencyMs(12).build()));
        producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, MODEL, FeaturesObserved.newBuilder().setEventId("f-" + id)
                .setRequestId(id).setModelId(MODEL).setModelVersion("v2").setEventTime(Instant.ofEpochMilli(time))
                .setFeatures(Map.of("amount", 1.0)).build()));
    }

    private static ModelLifecycle deployed() {
        return ModelLifecycle.newBuilder().setEventId("deploy-" + MODEL + "-v2").setModelId(MODEL)
                .setEventTime(Instant.ofEpochMilli(DEPLOYED_AT)).setType(LifecycleEventType.DEPLOYED).setToVersion("v2")
                .setVariant(Variant.CHAMPION).setBaseline(Map.of()).build();
    }

    private static KafkaProducer<String, Object> producer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        // Policies are JSON strings, events Avro.
        return new KafkaProducer<>(props, new StringSerializer(), new org.apache.kafka.common.serialization.Serializer<Object>() {
            @Override
            public byte[] serialize(String topic, Object data) {
                return data instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : values.serialize(topic, data);
            }
        });
    }
}
