package io.shepherd.stack.kit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.shepherd.contract.RollbackSignature;
import io.shepherd.contract.TopicDefinition;
import io.shepherd.events.Evidence;
import io.shepherd.events.RollbackRequested;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.stack.LocalStack;

/**
 * Rollback commands as Shepherd's router publishes them (Java serializer, lz4, signed with {@link RollbackSignature}),
 * on a topic of their own: a signed command, the same command delivered again, a forgery, a signed dry run and a
 * signed command from two hours ago. A consumer must roll back once and refuse the forgery.
 */
record RollbackCommands(String topic, String hmacKey, List<RollbackRequested> commands) {

    static final String KEY_ID = "k1";
    /** What a correct controller decides for each command, in order, the first time it reads them. */
    static final List<String> FIRST_DECISIONS = List.of("ROLL_BACK", "DUPLICATE", "REFUSED", "DRY_RUN", "STALE");
    /** And after a restart with the same state file: the command it acted on is a duplicate now. */
    static final List<String> RESTART_DECISIONS = List.of("DUPLICATE", "DUPLICATE", "REFUSED", "DRY_RUN", "STALE");

    static RollbackCommands publish(LocalStack stack, String modelId) throws Exception {
        String topic = "kit.rollback-commands-" + UUID.randomUUID();
        stack.createTopics(List.of(new TopicDefinition(topic, 1, Map.of(), RollbackRequested.class.getName(), "rollback commands of one test")));
        String hmacKey = "router-key-" + UUID.randomUUID();
        Instant now = Instant.now();
        RollbackRequested signed = signed(hmacKey, command(modelId, "rollback:" + modelId + ":v7:1", now, false));
        RollbackRequested forged = signed("not-the-router's-key", command(modelId, "rollback:" + modelId + ":v7:2", now, false));
        RollbackRequested dryRun = signed(hmacKey, command(modelId, "rollback:" + modelId + ":v7:3", now, true));
        RollbackRequested stale = signed(hmacKey, command(modelId, "rollback:" + modelId + ":v7:4", now.minus(Duration.ofHours(2)), false));
        List<RollbackRequested> commands = List.of(signed, signed, forged, dryRun, stale);
        send(stack, topic, commands);
        return new RollbackCommands(topic, hmacKey, commands);
    }

    List<String> idempotencyKeys() {
        return commands.stream().map(RollbackRequested::getIdempotencyKey).toList();
    }

    private static RollbackRequested command(String modelId, String idempotencyKey, Instant requestedAt, boolean dryRun) {
        return RollbackRequested.newBuilder().setIdempotencyKey(idempotencyKey).setModelId(modelId).setFromVersion("v7")
                .setToVersion("v6").setReason("accuracy dropped 17 % (EMERGENCY)").setRequestedAt(requestedAt).setDryRun(dryRun)
                .setEvidence(Evidence.newBuilder().setWindowStart(requestedAt.minus(Duration.ofHours(1))).setWindowEnd(requestedAt)
                        .setReferenceId(modelId + "/v7/first-10000").setSummary("accuracy 0.76 vs baseline 0.92")
                        .setItems(List.of()).setSourceEventIds(List.of("health:" + modelId + ":v7:EMERGENCY")).build())
                .setSignatureKeyId(KEY_ID).setSignature("").build();
    }

    private static RollbackRequested signed(String key, RollbackRequested command) {
        command.setSignature(RollbackSignature.sign(key.getBytes(StandardCharsets.UTF_8), command));
        return command;
    }

    /** In one lz4-compressed batch, keyed by model id, as the router writes them. */
    private static void send(LocalStack stack, String topic, List<RollbackRequested> commands) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        AvroSerializer<RollbackRequested> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
        try (KafkaProducer<String, RollbackRequested> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            var sent = commands.stream().map(c -> producer.send(new ProducerRecord<>(topic, c.getModelId(), c))).toList();
            producer.flush();
            for (var future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
