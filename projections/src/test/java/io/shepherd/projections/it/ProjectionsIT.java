package io.shepherd.projections.it;

import static io.shepherd.projections.Events.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.rebuild.Rebuild;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/** Events on the real broker, through the real registry, become documents in the real Elasticsearch 9.5 node. */
@ExtendWith(LocalStackExtension.class)
class ProjectionsIT {

    private static final String MODEL = "projections-it";
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS).toEpochMilli();
    private static final Events V7 = new Events(MODEL, "v7");
    private static Harness harness;

    @BeforeAll
    static void produceOneOfEveryEvent(LocalStack stack) {
        harness = new Harness(stack);
        harness.send(Topics.DRIFT_SCORES, MODEL, V7.drift("amount", T0, 0.31, DriftVerdict.DRIFT));
        harness.send(Topics.MODEL_HEALTH, MODEL, V7.health(HealthLevel.WARNING, HealthLevel.CRITICAL, T0));
        harness.send(Topics.PERFORMANCE, MODEL, V7.performance(T0, 0, 0.88, 0.87, 0.89));
        harness.send(Topics.PERFORMANCE, MODEL, V7.performance(T0, 2, 0.86, 0.849, 0.87));
        harness.send(Topics.PERFORMANCE, MODEL, V7.performance(T0, 1, 0.87, 0.86, 0.88)); // late and out of order
        harness.send(Topics.SERVING_HEALTH, MODEL, V7.serving(T0, 18.2, 41.0, 260.5));
        harness.send(Topics.CHALLENGER_VERDICTS, MODEL, V7.challenger("v8", T0, 0));
        harness.send(Topics.RETRAINING_REQUESTS, MODEL, V7.retraining(T0));
        harness.send(Topics.INVESTIGATIONS, MODEL, V7.investigation(T0));
        harness.send(Topics.ALERTS, MODEL, V7.alertFired(HealthLevel.CRITICAL, T0));
        harness.send(Topics.ALERTS, MODEL, V7.alertResolved(T0 + HOUR));
        harness.send(Topics.ROLLBACK_COMMANDS, MODEL, V7.rollback("v6", T0));
        harness.send(Topics.DEAD_LETTERS, MODEL, V7.deadLetter("NAN_VALUE", 18_231, T0));
    }

    @AfterAll
    static void close() {
        harness.close();
    }

    @Test
    void everyEventAppearsAsADocumentWithTheExpectedFieldsAndTheLatestRevisionWins() throws Exception {
        Map<ProjectionIndex, Long> expected = expectedCounts();
        ProjectionService service = start("projections-it");
        try {
            awaitCounts(expected);
        } finally {
            service.close();
        }

        JsonNode drift = only(ProjectionIndex.DRIFT_SCORES);
        assertThat(drift.get("@timestamp").asText()).isEqualTo(Instant.ofEpochMilli(T0).toString());
        assertThat(drift.get("modelVersion").asText()).isEqualTo("v7");
        assertThat(drift.get("decidingValue").asDouble()).isEqualTo(0.31);
        assertThat(drift.get("scores").get("ks").asDouble()).isEqualTo(0.155);
        assertThat(drift.get("drifting").asBoolean()).isTrue();

        Map<String, JsonNode> performance = harness.documents(ProjectionIndex.PERFORMANCE, MODEL);
        assertThat(performance).hasSize(1);
        assertThat(performance.keySet().iterator().next()).endsWith("@v3");
        JsonNode latest = performance.values().iterator().next();
        assertThat(latest.get("revision").asInt()).isEqualTo(2);
        assertThat(latest.get("value").asDouble()).isEqualTo(0.86);
        assertThat(latest.get("lower").asDouble()).isEqualTo(0.849);
        assertThat(latest.get("baseline").asDouble()).isEqualTo(0.92);

        assertThat(only(ProjectionIndex.MODEL_HEALTH).get("levelRank").asInt()).isEqualTo(2);
        assertThat(only(ProjectionIndex.SERVING_HEALTH).get("latencyP99Ms").asDouble()).isEqualTo(260.5);
        assertThat(only(ProjectionIndex.CHALLENGER_VERDICTS).get("modelVersion").asText()).isEqualTo("v8");
        assertThat(only(ProjectionIndex.ROLLBACKS).get("modelVersion").asText()).isEqualTo("v7");
        assertThat(only(ProjectionIndex.ROLLBACKS).has("signature")).isFalse();
        assertThat(harness.documents(ProjectionIndex.ALERTS, MODEL).values()).extracting(d -> d.get("action").asText())
                .containsExactlyInAnyOrder("FIRING", "RESOLVED");
        assertThat(only(ProjectionIndex.DEAD_LETTERS).get("reason").asText()).isEqualTo("NAN_VALUE");
    }

    @Test
    void aReplayOfTheSameTopicsLeavesCountsAndContentsUnchanged() throws Exception {
        Map<ProjectionIndex, Long> expected = expectedCounts();
        ProjectionService first = start("projections-it-first");
        try {
            awaitCounts(expected);
        } finally {
            first.close();
        }
        Map<ProjectionIndex, Map<String, JsonNode>> before = snapshot();

        ProjectionService replay = start("projections-it-replay");
        try {
            Harness.await("the replay to reach the end of every topic", Duration.ofSeconds(60),
                    () -> replay.pipeline().runner().lag().measuredAtMillis() > 0 && replay.pipeline().runner().lag().total() == 0);
        } finally {
            replay.close();
        }

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aRebuildDropsTheIndexAndProjectsItAgainFromItsTopicsWithProgress() throws Exception {
        ProjectionService service = start("projections-it-before-rebuild");
        try {
            awaitCounts(expectedCounts());
        } finally {
            service.close();
        }
        Map<String, JsonNode> before = harness.documents(ProjectionIndex.PERFORMANCE, MODEL);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        long records = Rebuild.run(harness.config("unused"), harness.es, List.of(ProjectionIndex.PERFORMANCE),
                new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(records).isGreaterThanOrEqualTo(3);
        assertThat(harness.documents(ProjectionIndex.PERFORMANCE, MODEL)).isEqualTo(before);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("recreated shepherd-performance",
                "replaying [shepherd.performance] (4 partitions)", "100.0%");
    }

    @Test
    void aDocumentTheMappingRefusesGoesToTheDeadLetterIndexAndTheRestIsWritten() throws Exception {
        String model = "projections-it-refused";
        Events events = new Events(model, "v1");
        harness.send(Topics.DRIFT_SCORES, model, events.drift("good-before", T0, 0.1, DriftVerdict.NO_DRIFT));
        // An empty score name is a field name Elasticsearch refuses.
        harness.send(Topics.DRIFT_SCORES, model, DriftScored.newBuilder(events.drift("refused", T0, 0.1, DriftVerdict.NO_DRIFT))
                .setScores(Map.of("", 0.5, "psi", 0.1)).build());
        harness.send(Topics.DRIFT_SCORES, model, events.drift("good-after", T0, 0.1, DriftVerdict.NO_DRIFT));
        harness.sendRaw(Topics.DRIFT_SCORES, "not avro".getBytes(StandardCharsets.UTF_8));

        ProjectionService service = start("projections-it-refused");
        try {
            Harness.await("two drift documents and one projection dead letter", Duration.ofSeconds(60),
                    () -> harness.count(ProjectionIndex.DRIFT_SCORES, model) == 2
                            && harness.count(ProjectionIndex.PROJECTION_DEAD_LETTERS, model) == 1);
            Harness.await("the undecodable record as a dead letter", Duration.ofSeconds(30), () -> undecodable() >= 1);
        } finally {
            service.close();
        }

        JsonNode refused = harness.documents(ProjectionIndex.PROJECTION_DEAD_LETTERS, model).values().iterator().next();
        assertThat(refused.get("reason").asText()).contains("document_parsing_exception");
        assertThat(refused.get("targetIndex").asText()).isEqualTo("shepherd-drift-scores");
        assertThat(refused.get("sourceTopic").asText()).isEqualTo(Topics.DRIFT_SCORES);
        assertThat(refused.get("document").asText()).contains("\"feature\":\"refused\"");
    }

    private static long undecodable() {
        try {
            harness.es.indices().refresh(r -> r.index(ProjectionIndex.PROJECTION_DEAD_LETTERS.indexName()));
            return harness.es.count(c -> c.index(ProjectionIndex.PROJECTION_DEAD_LETTERS.indexName())
                    .query(q -> q.term(t -> t.field("reason").value("WRONG_MAGIC_BYTE")))).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static ProjectionService start(String group) throws Exception {
        return ProjectionService.start(harness.config(Harness.group(group)), SinkOptions.defaults(),
                new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500)));
    }

    private static Map<ProjectionIndex, Long> expectedCounts() {
        Map<ProjectionIndex, Long> counts = new EnumMap<>(ProjectionIndex.class);
        for (ProjectionIndex index : ProjectionIndex.values()) {
            counts.put(index, index == ProjectionIndex.ALERTS ? 2L : 1L);
        }
        counts.remove(ProjectionIndex.PROJECTION_DEAD_LETTERS);
        return counts;
    }

    private static void awaitCounts(Map<ProjectionIndex, Long> expected) {
        Harness.await("documents " + expected, Duration.ofSeconds(60), () -> expected.entrySet().stream()
                .allMatch(e -> harness.count(e.getKey(), MODEL) == e.getValue()));
    }

    private static Map<ProjectionIndex, Map<String, JsonNode>> snapshot() throws Exception {
        Map<ProjectionIndex, Map<String, JsonNode>> all = new EnumMap<>(ProjectionIndex.class);
        for (ProjectionIndex index : expectedCounts().keySet()) {
            all.put(index, harness.documents(index, MODEL));
        }
        return all;
    }

    private static JsonNode only(ProjectionIndex index) throws Exception {
        Map<String, JsonNode> docs = harness.documents(index, MODEL);
        assertThat(docs).as(index.indexName()).hasSize(1);
        return docs.values().iterator().next();
    }
}
