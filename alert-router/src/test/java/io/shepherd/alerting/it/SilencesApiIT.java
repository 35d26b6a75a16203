package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class SilencesApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSilenceCreatedOverHttpMutesMatchingAlertsSurvivesARestartAndExpiringItLetsThemThrough(LocalStack stack) throws Exception {
        String model = "search-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.startRouter();
            HttpResponse<String> created = it.http("POST", "/api/v2/silences", """
                    {"matchers": [{"name": "modelId", "value": "%s", "isRegex": false, "isEqual": true}, "cause=~\\"DRIFT|STALE\\""],
                     "endsAt": "%s", "createdBy": "ana", "comment": "feature pipeline backfill"}
                    """.formatted(model, Instant.now().plus(Duration.ofHours(2))));
            assertThat(created.statusCode()).isEqualTo(200);
            String id = JSON.readTree(created.body()).path("silenceID").asText();

            it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.WARNING, Instant.now(), "DRIFT"));
            RouterFixture.quietFor(Duration.ofSeconds(2));
            assertThat(it.slack.all(ofModel)).as("silenced").isEmpty();

            it.stopRouter();
            it.startRouter();
            JsonNode listed = JSON.readTree(it.get("/api/v2/silences"));
            JsonNode mine = null;
            for (JsonNode silence : listed) {
                if (silence.path("id").asText().equals(id)) {
                    mine = silence;
                }
            }
            assertThat(mine).as("the silence survived the restart").isNotNull();
            assertThat(mine.path("status").path("state").asText()).isEqualTo("active");
            assertThat(mine.path("createdBy").asText()).isEqualTo("ana");
            assertThat(mine.path("matchers")).hasSize(2);
            RouterFixture.quietFor(Duration.ofSeconds(2));
            assertThat(it.slack.all(ofModel)).as("still silenced after the restart").isEmpty();

            assertThat(it.http("DELETE", "/api/v2/silence/" + id, null).statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(it.get("/api/v2/silence/" + id)).path("status").path("state").asText()).isEqualTo("expired");
            await("Slack hears the warning once the silence expired", () -> it.slack.accepted(ofModel).size() == 1);
        }
    }

    @Test
    void anInvalidSilenceIsRefusedWithTheReasonAndAnUnknownOneIsNotFound(LocalStack stack) throws Exception {
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.startRouter();
            HttpResponse<String> refused = it.http("POST", "/api/v2/silences",
                    "{\"matchers\": [\"modelId=x\"], \"endsAt\": \"2030-01-01T00:00:00Z\", \"comment\": \"why\"}");

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("createdBy");
            assertThat(it.http("DELETE", "/api/v2/silence/nope", null).statusCode()).isEqualTo(404);
        }
    }
}
