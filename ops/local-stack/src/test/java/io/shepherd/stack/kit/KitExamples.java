package io.shepherd.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.interop.ExternalProcess;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * What the kit's examples in every language must do against the real broker and registry: the producer's events
 * read back by Shepherd's Java deserializer as sent and keyed as the README says; the rollback consumer acting once on
 * a signed command, refusing a forged one, and remembering what it did across a restart.
 */
@ExtendWith(LocalStackExtension.class)
abstract class KitExamples {

    static final int REQUESTS = 4;

    /** Runs {@code producer} or {@code rollback-consumer} of this language with the arguments and added environment. */
    abstract ExternalProcess.Result run(String example, List<String> args, Map<String, String> env) throws Exception;

    abstract String language();

    @Test
    void producerSendsEventsJavaReadsFieldForFieldKeyedAsTheReadmeSays(LocalStack stack) throws Exception {
        ProducerKit.registerSchemasOnce(stack);
        String modelId = "kit-" + language() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(ProducerKit.connection(stack));
        args.addAll(List.of("--model-id", modelId, "--model-version", "v7", "--requests", String.valueOf(REQUESTS)));

        var produced = run("producer", args, Map.of());

        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        ProducedEvents events = ProducedEvents.readWithJava(stack, ProducerKit.jsonLines(produced));
        events.assertJavaReadsWhatWasSent();
        events.assertPartitionedAsJava(stack);

        List<ModelLifecycle> deployed = events.events(Topics.LIFECYCLE, ModelLifecycle.class);
        assertThat(deployed).singleElement().satisfies(d -> {
            assertThat(d.getType()).isEqualTo(LifecycleEventType.DEPLOYED);
            assertThat(d.getModelId()).isEqualTo(modelId);
            assertThat(d.getToVersion()).isEqualTo("v7");
        });
        assertThat(events.keys(Topics.LIFECYCLE)).containsExactly(deployed.get(0).getEventId());

        List<PredictionServed> predictions = events.events(Topics.PREDICTIONS, PredictionServed.class);
        assertThat(predictions).hasSize(REQUESTS).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("v7"));
        assertThat(predictions).extracting(PredictionServed::getStatus).contains(ServingStatus.OK, ServingStatus.ERROR);
        assertThat(events.keys(Topics.PREDICTIONS)).containsOnly(modelId);
        List<String> requestIds = predictions.stream().map(PredictionServed::getRequestId).toList();

        List<FeaturesObserved> features = events.events(Topics.FEATURES, FeaturesObserved.class);
        assertThat(features).extracting(FeaturesObserved::getRequestId).containsExactlyInAnyOrderElementsOf(requestIds);
        assertThat(features.get(0).getFeatures()).as("a number, a category, an embedding")
                .containsKeys("amount", "country", "merchant_embedding");
        assertThat(features.get(0).getFeatures().get("merchant_embedding")).isInstanceOf(List.class);
        assertThat(features).anySatisfy(f -> assertThat(f.getFeatures()).containsEntry("device_age_days", null));
        assertThat(events.keys(Topics.FEATURES)).containsOnly(modelId);

        List<OutcomeObserved> outcomes = events.events(Topics.OUTCOMES, OutcomeObserved.class);
        assertThat(outcomes).extracting(OutcomeObserved::getRequestId).containsExactlyInAnyOrderElementsOf(requestIds);
        assertThat(events.keys(Topics.OUTCOMES)).containsExactlyElementsOf(outcomes.stream().map(OutcomeObserved::getRequestId).toList());
    }

    @Test
    void rollbackConsumerActsOnceOnASignedCommandRefusesAForgedOneAndRemembersAcrossARestart(LocalStack stack, @TempDir Path dir)
            throws Exception {
        String modelId = "kit-" + language() + "-" + UUID.randomUUID().toString().substring(0, 8);
        RollbackCommands commands = RollbackCommands.publish(stack, modelId);
        Path state = dir.resolve("applied-rollbacks.txt");

        List<JsonNode> first = decisions(stack, commands, state, "controller-" + UUID.randomUUID());

        assertThat(first).extracting(d -> d.get("idempotencyKey").asText()).containsExactlyElementsOf(commands.idempotencyKeys());
        assertThat(first).extracting(d -> d.get("decision").asText()).containsExactlyElementsOf(RollbackCommands.FIRST_DECISIONS);
        assertThat(first.get(0).get("reason").asText()).isEqualTo("would switch " + modelId + " traffic from v7 to v6");
        assertThat(Files.readAllLines(state)).containsExactly(commands.idempotencyKeys().get(0));

        List<JsonNode> restarted = decisions(stack, commands, state, "controller-" + UUID.randomUUID());

        assertThat(restarted).extracting(d -> d.get("decision").asText()).containsExactlyElementsOf(RollbackCommands.RESTART_DECISIONS);
    }

    @Test
    void rollbackConsumerRefusesToStartWithoutTheRoutersKey(LocalStack stack) throws Exception {
        var started = run("rollback-consumer", ProducerKit.connection(stack), Map.of("SHEPHERD_ROLLBACK_HMAC_KEY", ""));

        assertThat(started.exitCode()).as(started.describe()).isNotZero();
        assertThat(started.errors()).contains("SHEPHERD_ROLLBACK_HMAC_KEY is not set");
    }

    private List<JsonNode> decisions(LocalStack stack, RollbackCommands commands, Path state, String group) throws Exception {
        List<String> args = new ArrayList<>(ProducerKit.connection(stack));
        args.addAll(List.of("--topic", commands.topic(), "--group-id", group, "--state-file", state.toString(),
                "--max-messages", String.valueOf(commands.commands().size())));
        var consumed = run("rollback-consumer", args,
                Map.of("SHEPHERD_ROLLBACK_HMAC_KEY", commands.hmacKey(), "SHEPHERD_ROLLBACK_HMAC_KEY_ID", RollbackCommands.KEY_ID));
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        return ProducerKit.jsonLines(consumed);
    }
}
