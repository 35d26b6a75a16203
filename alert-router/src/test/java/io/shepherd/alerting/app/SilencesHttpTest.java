package io.shepherd.alerting.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.support.MutableClock;
import io.shepherd.config.Settings;

/**
 * The silences API over real HTTP with credentials configured: each path of Alertmanager's API v2 and of the deprecated
 * alias, with its status codes and bodies. Only the web edge runs: the silences topic is a list, the pipeline's
 * health a switch; {@code SilencesApiIT} and {@code SilencesAuthIT} run the whole router against the broker.
 */
class SilencesHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(T0);
    private static final List<Silence> TOPIC = new CopyOnWriteArrayList<>();
    private static final String OPS = "Bearer tok-ops", READ = "Bearer tok-read";
    private static final String ANA = "Basic " + Base64.getEncoder().encodeToString("ana:pw".getBytes(StandardCharsets.UTF_8));
    private static volatile Health pipeline = Health.up().build();
    private static ConfigurableApplicationContext router;

    /**
     * The router's HTTP edge: both silences controllers, the credential filter, the probe paths and actuator. Not a
     * {@code @Configuration}: the router's component scan covers this package, test classes included, and would take
     * it into every router the integration tests start.
     */
    @EnableAutoConfiguration(exclude = KafkaAutoConfiguration.class)
    @Import({SilencesController.class, LegacySilencesController.class, SilenceChanges.class, SilencesAuthFilter.class, AlertmanagerProbes.class})
    static class WebEdge {

        @Bean
        Silences silences() {
            return new Silences();
        }

        @Bean
        SilenceChanges.Topic silencesTopic() {
            return TOPIC::add;
        }

        @Bean
        HealthIndicator alertPipeline() {
            return () -> pipeline;
        }
    }

    @BeforeAll
    static void start() {
        AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_HTTP_PORT", "0", "SHEPHERD_HTTP_ADDRESS", "127.0.0.1", "SHEPHERD_SILENCES_TOKENS", "ops:tok-ops",
                "SHEPHERD_SILENCES_READ_TOKENS", "grafana:tok-read", "SHEPHERD_SILENCES_USERS", "ana:pw")));
        router = new SpringApplicationBuilder(WebEdge.class)
                .initializers(context -> {
                    context.getBeanFactory().registerSingleton("alertRouterConfig", config);
                    context.getBeanFactory().registerSingleton("clock", CLOCK);
                })
                .properties(AlertRouterApplication.properties(config))
                .run();
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    @BeforeEach
    void resetClock() {
        CLOCK.set(T0);
        pipeline = Health.up().build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v2/silences
            POST   | /api/v2/silences
            GET    | /api/v2/silence/s1
            DELETE | /api/v2/silence/s1
            GET    | /api/silences
            POST   | /api/silences
            DELETE | /api/silences/s1
            """)
    void everySilencesPathAsksForACredentialWithAChallengeForEachScheme(String method, String path) throws Exception {
        HttpResponse<String> anonymous = send(method, path, method.equals("POST") ? body("auth", "ana") : null, null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"shepherd-alert-router\"",
                "Basic realm=\"shepherd-alert-router\", charset=\"UTF-8\"");
        assertThat(send(method, path, null, "Bearer not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void aReadOnlyTokenReadsButMayNotWriteAndNoSideDoorLetsAnAnonymousWriteIn() throws Exception {
        String id = created(body("read-only", "ana"));

        assertThat(send("GET", "/api/v2/silences", null, READ).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v2/silence/" + id, null, READ).statusCode()).isEqualTo(200);
        for (HttpResponse<String> refused : List.of(send("POST", "/api/v2/silences", body("read-only", "ana"), READ),
                send("DELETE", "/api/v2/silence/" + id, null, READ))) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(
                    "Bearer realm=\"shepherd-alert-router\", error=\"insufficient_scope\"");
        }
        for (String sideDoor : List.of("/-/healthy/../api/v2/silences", "/-/ready/%2e%2e/api/v2/silences",
                "/-/healthy;x=1/../api/v2/silences", "/api/v2/silences/", "//api/v2/silences", "/api/v2//silences")) {
            assertThat(send("POST", sideDoor, body("side-door", "ana"), null).statusCode()).as(sideDoor).isIn(400, 401, 404);
        }
    }

    @Test
    void aSilencePostedAsAmtoolDoesIsAnsweredWithItsIdAndReadInAlertmanagersShape() throws Exception {
        HttpResponse<String> posted = send("POST", "/api/v2/silences", """
                {"matchers": [{"name": "modelId", "value": "fraud-scorer", "isRegex": false, "isEqual": true},
                              {"name": "cause", "value": "DRIFT|STALE", "isRegex": true, "isEqual": true}],
                 "startsAt": "2026-11-25T08:00:00.000Z", "endsAt": "2026-11-25T12:00:00.000Z",
                 "createdBy": "ana", "comment": "feature backfill until noon"}""", OPS);

        assertThat(posted.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(posted.body());
        assertThat(answer.properties()).hasSize(1);
        String id = answer.path("silenceID").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        CLOCK.advance(Duration.ofMinutes(1));
        HttpResponse<String> read = send("GET", "/api/v2/silence/" + id, null, READ);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body())).isEqualTo(JSON.readTree("""
                {"id": "%s", "status": {"state": "active"}, "updatedAt": "2026-11-25T08:00:00Z",
                 "matchers": [{"name": "modelId", "value": "fraud-scorer", "isRegex": false, "isEqual": true},
                              {"name": "cause", "value": "DRIFT|STALE", "isRegex": true, "isEqual": true}],
                 "startsAt": "2026-11-25T08:00:00Z", "endsAt": "2026-11-25T12:00:00Z",
                 "createdBy": "ops for ana", "comment": "feature backfill until noon"}""".formatted(id)));
        assertThat(TOPIC).extracting(Silence::id).contains(id);
    }

    @Test
    void aSilenceReadCanBeChangedAndPostedBackUnderItsId() throws Exception {
        String id = created(body("posted-back", "ana"));
        ObjectNode read = (ObjectNode) JSON.readTree(send("GET", "/api/v2/silence/" + id, null, OPS).body());
        read.put("endsAt", "2026-11-25T18:00:00Z").put("comment", "backfill runs late");
        CLOCK.advance(Duration.ofMinutes(5));

        HttpResponse<String> updated = send("POST", "/api/v2/silences", read.toString(), OPS);

        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(updated.body()).path("silenceID").asText()).isEqualTo(id);
        JsonNode after = JSON.readTree(send("GET", "/api/v2/silence/" + id, null, OPS).body());
        assertThat(after.path("endsAt").asText()).isEqualTo("2026-11-25T18:00:00Z");
        assertThat(after.path("comment").asText()).isEqualTo("backfill runs late");
        assertThat(after.path("createdBy").asText()).isEqualTo("ops for ana");
        assertThat(after.path("updatedAt").asText()).isEqualTo("2026-11-25T08:05:00Z");
    }

    @Test
    void postingAnIdThatNamesNoSilenceIsNotFoundAndWritesNothing() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(body("unknown-id", "ana"));
        body.put("id", "8d0d0a9e-0000-4000-8000-000000000000");
        int written = TOPIC.size();

        HttpResponse<String> posted = send("POST", "/api/v2/silences", body.toString(), OPS);

        assertThat(posted.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(posted.body()).asText()).isEqualTo("no silence 8d0d0a9e-0000-4000-8000-000000000000");
        assertThat(TOPIC).hasSize(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                  | {"matchers":                                                                                                        | not JSON
            not an object             | ["modelId=\\"x\\""]                                                                                                 | a JSON object
            no matcher                | {"matchers": [], "endsAt": "2026-11-25T12:00:00Z", "createdBy": "ana", "comment": "c"}                              | at least one matcher
            a matcher without a name  | {"matchers": [{"value": "x", "isRegex": false}], "endsAt": "2026-11-25T12:00:00Z", "createdBy": "ana", "comment": "c"} | label name
            a bad regex               | {"matchers": [{"name": "a", "value": "(", "isRegex": true}], "endsAt": "2026-11-25T12:00:00Z", "createdBy": "ana", "comment": "c"} | Unclosed group
            no end                    | {"matchers": ["a=b"], "createdBy": "ana", "comment": "c"}                                                           | endsAt is required
            an end before the start   | {"matchers": ["a=b"], "startsAt": "2026-11-25T12:00:00Z", "endsAt": "2026-11-25T10:00:00Z", "createdBy": "ana", "comment": "c"} | cannot end before it starts
            an end in the past        | {"matchers": ["a=b"], "startsAt": "2026-11-25T06:00:00Z", "endsAt": "2026-11-25T07:00:00Z", "createdBy": "ana", "comment": "c"} | is in the past
            no comment                | {"matchers": ["a=b"], "endsAt": "2026-11-25T12:00:00Z", "createdBy": "ana"}                                         | comment
            """)
    void aBadSilenceIsRefusedWithTheReasonAsAJsonString(String what, String body, String reason) throws Exception {
        int written = TOPIC.size();

        HttpResponse<String> refused = send("POST", "/api/v2/silences", body, OPS);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).isTextual()).as(refused.body()).isTrue();
        assertThat(JSON.readTree(refused.body()).asText()).contains(reason);
        assertThat(TOPIC).hasSize(written);
    }

    @Test
    void aPostWithoutABodyIsRefusedWithAReasonThatNamesNoCode() throws Exception {
        HttpResponse<String> refused = send("POST", "/api/v2/silences", null, OPS);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).asText()).isEqualTo("a silence is required as the request body");
    }

    @Test
    void theListKeepsSilencesThatHaveEachFilterMatcherInTheStatesAskedFor() throws Exception {
        String model = "list-" + UUID.randomUUID();
        String endsFirst = created(body(model, "ana", "2026-11-25T10:00:00Z", "modelVersion=~\\\"v[0-9]{1,3}\\\""));
        String endsLater = created(body(model, "ana", "2026-11-25T11:00:00Z"));
        String expired = created(body(model, "ana", "2026-11-25T09:00:00Z"));
        CLOCK.set(Instant.parse("2026-11-25T09:30:00Z"));

        assertThat(listed(null, "modelId=\"" + model + "\"")).containsExactly(endsFirst, endsLater, expired);
        assertThat(listed(null, "modelId=\"" + model + "\"", "modelVersion=~\"v[0-9]{1,3}\"")).containsExactly(endsFirst);
        assertThat(listed(null, "modelVersion=~\"v[0-9]{1,3}\"")).as("a lone filter with a comma").containsExactly(endsFirst);
        assertThat(listed("expired=false", "modelId=\"" + model + "\"")).containsExactly(endsFirst, endsLater);
        assertThat(listed("active=false&pending=false", "modelId=\"" + model + "\"")).containsExactly(expired);
        assertThat(listed(null, "modelId=~\"" + model + "\"")).as("a filter names a matcher, it does not test labels").isEmpty();
        assertThat(send("GET", "/api/v2/silences?filter=" + encode("modelId"), null, READ).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v2/silences?filter=" + encode("=x"), null, READ).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v2/silences?active=maybe", null, READ).statusCode()).isEqualTo(400);
    }

    @Test
    void deleteExpiresASilenceOnceAndAnUnknownIdIsNotFound() throws Exception {
        String id = created(body("deleted", "ana"));
        CLOCK.advance(Duration.ofMinutes(10));

        HttpResponse<String> deleted = send("DELETE", "/api/v2/silence/" + id, null, ANA);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        JsonNode read = JSON.readTree(send("GET", "/api/v2/silence/" + id, null, READ).body());
        assertThat(read.path("status").path("state").asText()).isEqualTo("expired");
        assertThat(read.path("endsAt").asText()).isEqualTo("2026-11-25T08:10:00Z");
        int written = TOPIC.size();
        CLOCK.advance(Duration.ofMinutes(10));
        assertThat(send("DELETE", "/api/v2/silence/" + id, null, OPS).statusCode()).as("again").isEqualTo(200);
        assertThat(TOPIC).as("an expired silence is not written again").hasSize(written);
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> unknown = send(method, "/api/v2/silence/8d0d0a9e-0000-4000-8000-000000000000", null, OPS);
            assertThat(unknown.statusCode()).as(method).isEqualTo(404);
            assertThat(unknown.body()).as(method).isEmpty();
        }
    }

    @Test
    void theDeprecatedPathsAnswerAsTheyDid() throws Exception {
        HttpResponse<String> posted = send("POST", "/api/silences", body("alias", "ana"), OPS);
        assertThat(posted.statusCode()).isEqualTo(200);
        String id = JSON.readTree(posted.body()).path("silenceId").asText();

        assertThat(JSON.readTree(send("GET", "/api/silences/" + id, null, READ).body()).path("createdBy").asText()).isEqualTo("ops for ana");
        assertThat(JSON.readTree(send("GET", "/api/silences", null, READ).body()).findValuesAsText("id")).contains(id);
        ObjectNode unknownId = (ObjectNode) JSON.readTree(body("alias", "ana"));
        unknownId.put("id", "no-such-silence");
        assertThat(JSON.readTree(send("POST", "/api/silences", unknownId.toString(), OPS).body()).path("silenceId").asText())
                .as("an unknown id makes a new silence").isNotIn("no-such-silence", id, "");
        HttpResponse<String> expired = send("DELETE", "/api/silences/" + id, null, OPS);
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(expired.body()).path("status").path("state").asText()).isEqualTo("expired");
        HttpResponse<String> unknown = send("DELETE", "/api/silences/no-such-silence", null, OPS);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("no silence no-such-silence");
        HttpResponse<String> refused = send("POST", "/api/silences", "{\"matchers\": [\"a=b\"]}", OPS);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("endsAt");
    }

    @Test
    void healthAndMetricsStayOpenOnTheirPathsAndOnAlertmanagersProbePaths() throws Exception {
        for (String path : List.of("/-/healthy", "/-/ready", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/prometheus", "/actuator/metrics")) {
            assertThat(send("GET", path, null, null).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(send("HEAD", "/-/healthy", null, null).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/-/ready", null, null).body()).path("components").has("alertPipeline")).isTrue();

        pipeline = Health.down().withDetail("reason", "notifications are failing").build();

        assertThat(send("GET", "/-/ready", null, null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/-/healthy", null, null).statusCode()).as("alive all the same").isEqualTo(200);
        assertThat(send("POST", "/-/ready", "{}", null).statusCode()).as("reads only").isEqualTo(401);
    }

    /** A silence of one model, as amtool would post it, ending at noon. */
    private static String body(String model, String createdBy) {
        return body(model, createdBy, "2026-11-25T12:00:00Z");
    }

    private static String body(String model, String createdBy, String endsAt, String... moreMatchers) {
        List<String> matchers = new ArrayList<>(List.of("{\"name\": \"modelId\", \"value\": \"" + model + "\", \"isRegex\": false, \"isEqual\": true}"));
        for (String m : moreMatchers) {
            matchers.add("\"" + m + "\"");
        }
        return """
                {"matchers": [%s], "startsAt": "2026-11-25T08:00:00Z", "endsAt": "%s", "createdBy": "%s", "comment": "test"}"""
                .formatted(String.join(", ", matchers), endsAt, createdBy);
    }

    private static String created(String body) throws Exception {
        HttpResponse<String> posted = send("POST", "/api/v2/silences", body, OPS);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        return JSON.readTree(posted.body()).path("silenceID").asText();
    }

    /** The ids GET /api/v2/silences lists, in its order, with each filter a {@code filter} parameter of its own. */
    private static List<String> listed(String states, String... filters) throws Exception {
        List<String> query = new ArrayList<>();
        for (String f : filters) {
            query.add("filter=" + encode(f));
        }
        if (states != null) {
            query.add(states);
        }
        HttpResponse<String> listed = send("GET", "/api/v2/silences?" + String.join("&", query), null, READ);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        return JSON.readTree(listed.body()).findValuesAsText("id");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String method, String path, String json, String authorization) throws Exception {
        int port = Integer.parseInt(router.getEnvironment().getProperty("local.server.port"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
