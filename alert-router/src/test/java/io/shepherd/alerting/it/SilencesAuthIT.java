package io.shepherd.alerting.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/** The silences API over real HTTP with credentials configured, against the real broker. */
@ExtendWith(LocalStackExtension.class)
class SilencesAuthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "Bearer it-token-old", NEW = "Bearer it-token-new", READ = "Bearer it-token-read";

    @Test
    void writesAndReadsNeedACredentialEitherRotatedTokenWorksHealthAndMetricsStayOpenAndEachWriteNamesItsAuthor(LocalStack stack) throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger controller = (Logger) LoggerFactory.getLogger("io.shepherd.alerting.app.SilenceChanges");
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.settings.put("SHEPHERD_SILENCES_TOKENS", "ops:it-token-old,ops:it-token-new");
            it.settings.put("SHEPHERD_SILENCES_READ_TOKENS", "grafana:it-token-read");
            it.settings.put("SHEPHERD_SILENCES_USERS", "ana:it-password");
            it.startRouter();
            // after the start: Spring Boot resets logback's appenders as it starts
            log.start();
            controller.addAppender(log);
            String body = """
                    {"matchers": ["modelId=\\"auth-it\\""], "endsAt": "%s", "createdBy": "mallory", "comment": "backfill"}
                    """.formatted(Instant.now().plus(Duration.ofHours(1)));

            HttpResponse<String> anonymous = it.http("POST", "/api/v2/silences", body);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"shepherd-alert-router\"",
                    "Basic realm=\"shepherd-alert-router\", charset=\"UTF-8\"");
            for (String sideDoor : List.of("/actuator/health/../../api/v2/silences", "/actuator/health/%2e%2e/%2e%2e/api/v2/silences",
                    "/actuator/health;x=1/../../api/v2/silences", "/api/v2/silences/", "//api/v2/silences", "/-/healthy/../api/v2/silences")) {
                assertThat(it.http("POST", sideDoor, body).statusCode()).as(sideDoor).isIn(400, 401, 404);
            }
            HttpResponse<String> wrong = it.http("GET", "/api/v2/silences", null, "Bearer not-a-token");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
            assertThat(it.http("GET", "/api/v2/silences", null).statusCode()).isEqualTo(401);

            HttpResponse<String> created = it.http("POST", "/api/v2/silences", body, OLD);
            assertThat(created.statusCode()).isEqualTo(200);
            String id = JSON.readTree(created.body()).path("silenceID").asText();

            HttpResponse<String> read = it.http("GET", "/api/v2/silence/" + id, null, NEW);
            assertThat(read.statusCode()).as("the rotated second token reads").isEqualTo(200);
            assertThat(JSON.readTree(read.body()).path("createdBy").asText()).as("the token's name, then the claimed author")
                    .isEqualTo("ops for mallory");
            assertThat(it.http("GET", "/api/v2/silences", null, READ).statusCode()).isEqualTo(200);
            HttpResponse<String> byAna = it.http("POST", "/api/v2/silences", body, "Basic " + Base64.getEncoder()
                    .encodeToString("ana:it-password".getBytes(StandardCharsets.UTF_8)));
            assertThat(byAna.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(it.http("GET", "/api/v2/silence/" + JSON.readTree(byAna.body()).path("silenceID").asText(), null, READ)
                    .body()).path("createdBy").asText()).isEqualTo("ana for mallory");
            HttpResponse<String> readOnly = it.http("DELETE", "/api/v2/silence/" + id, null, READ);
            assertThat(readOnly.statusCode()).isEqualTo(403);
            assertThat(readOnly.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));

            assertThat(it.http("DELETE", "/api/v2/silence/" + id, null, NEW).statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(it.http("GET", "/api/v2/silence/" + id, null, READ).body()).path("status").path("state").asText())
                    .isEqualTo("expired");

            assertThat(it.http("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            assertThat(it.http("GET", "/actuator/health", null).statusCode()).isIn(200, 503);
            assertThat(it.http("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
            assertThat(it.http("GET", "/actuator/metrics", null).statusCode()).isEqualTo(200);
            assertThat(it.http("GET", "/-/healthy", null).statusCode()).isEqualTo(200);
            assertThat(it.http("GET", "/-/ready", null).statusCode()).isIn(200, 503);

            List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("silence " + id + " created by ops (createdBy ops for mallory)"));
            assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("silence " + id + " expired by ops (createdBy ops for mallory)"));
            assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf("it-token", "it-password"));
            JsonNode onTopic = JSON.readTree(it.http("GET", "/api/v2/silence/" + id, null, READ).body());
            assertThat(onTopic.path("createdBy").asText()).isEqualTo("ops for mallory");
        } finally {
            controller.detachAppender(log);
        }
    }
}
