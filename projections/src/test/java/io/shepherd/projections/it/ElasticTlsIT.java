package io.shepherd.projections.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.elastic.ElasticClients;
import io.shepherd.projections.elastic.TestCertificates;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * Elasticsearch behind HTTPS with a private CA and security on, as in production: a TLS-terminating proxy on loopback
 * (a CA and a server certificate made by the test with keytool, the chain sent as Elasticsearch sends it) that accepts
 * one API key and one basic-auth user, answers 401 otherwise as Elasticsearch does, and forwards the rest to the real
 * local node (which has no TLS and no security). The projections, configured through their environment variables,
 * write through it with a CA file and the API key, and with the CA's fingerprint and basic auth; without the CA, with
 * a wrong fingerprint or a wrong key they do not start, saying why, and the health probe reads not writable.
 */
@ExtendWith(LocalStackExtension.class)
class ElasticTlsIT {

    private static final String API_KEY = Base64.getEncoder().encodeToString("tls-it-key-id:tls-it-key-secret".getBytes(StandardCharsets.UTF_8));
    private static final String WRONG_API_KEY = Base64.getEncoder().encodeToString("tls-it-key-id:wrong-secret".getBytes(StandardCharsets.UTF_8));
    private static final String USER = "shepherd";
    private static final String PASSWORD = "elast1c-pa55";
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(12, ChronoUnit.HOURS).toEpochMilli();
    private static final RunnerOptions FAST = new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));
    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("Content-Type", "Accept");
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding", "connection", ":status");

    @TempDir
    static Path dir;

    private static TestCertificates.Identity ca;
    private static HttpsServer proxy;
    private static Harness harness;

    @BeforeAll
    static void proxy(LocalStack stack) throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        ca = certificates.authority("elasticsearch-http-ca");
        TestCertificates.Identity node = certificates.signedBy(ca, "elasticsearch-node", "ip:127.0.0.1,dns:localhost");
        URI upstream = URI.create(stack.elasticsearch().httpUrl());
        HttpClient http = HttpClient.newHttpClient();
        proxy = TestCertificates.serve(node, exchange -> authenticateAndForward(exchange, upstream, http));
        harness = new Harness(stack);
    }

    @AfterAll
    static void stop() {
        proxy.stop(0);
        harness.close();
    }

    @Test
    void aCaFileAndAnApiKeyCarryTheProjectionsWritesThroughHttps(LocalStack stack) throws Exception {
        ProjectionsConfig config = config(stack, "tls-it-ca-file", Map.of(
                "SHEPHERD_ELASTICSEARCH_CA_FILE", ca.writePem(dir.resolve("http_ca.crt")).toString(),
                "SHEPHERD_ELASTICSEARCH_API_KEY", API_KEY));
        assertThat(config.toString()).contains("apiKey=<set>").doesNotContain(API_KEY);

        projectsThroughTheProxy(config, "tls-it-ca-file");
    }

    @Test
    void theCaFingerprintAndBasicAuthCarryTheProjectionsWritesThroughHttps(LocalStack stack) throws Exception {
        ProjectionsConfig config = config(stack, "tls-it-fingerprint", Map.of(
                "SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT", ca.fingerprint(),
                "SHEPHERD_ELASTICSEARCH_USERNAME", USER, "SHEPHERD_ELASTICSEARCH_PASSWORD", PASSWORD));
        assertThat(config.toString()).contains("username=shepherd, password=<set>").doesNotContain(PASSWORD);

        projectsThroughTheProxy(config, "tls-it-fingerprint");
    }

    @Test
    void withoutTheCaWithAWrongFingerprintOrAWrongApiKeyTheProjectionsDoNotStartAndSayWhy(LocalStack stack) throws Exception {
        String caFile = ca.writePem(dir.resolve("http_ca.crt")).toString();
        ProjectionsConfig withoutCa = config(stack, "tls-it-refused", Map.of("SHEPHERD_ELASTICSEARCH_API_KEY", API_KEY));
        ProjectionsConfig wrongFingerprint = config(stack, "tls-it-refused", Map.of(
                "SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT", "00".repeat(32), "SHEPHERD_ELASTICSEARCH_API_KEY", API_KEY));
        ProjectionsConfig wrongKey = config(stack, "tls-it-refused", Map.of(
                "SHEPHERD_ELASTICSEARCH_CA_FILE", caFile, "SHEPHERD_ELASTICSEARCH_API_KEY", WRONG_API_KEY));

        assertThatThrownBy(() -> start(withoutCa)).hasStackTraceContaining("unable to find valid certification path");
        assertThatThrownBy(() -> start(wrongFingerprint))
                .hasStackTraceContaining("no certificate Elasticsearch presented has the pinned SHA-256 fingerprint 00:00:00");
        assertThatThrownBy(() -> start(wrongKey)).isInstanceOfSatisfying(ElasticsearchException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("security_exception", "unable to authenticate");
        });
        for (ProjectionsConfig refused : List.of(withoutCa, wrongFingerprint, wrongKey)) {
            assertThat(ElasticClients.writable(refused.elasticsearch()).getAsBoolean()).as(refused.toString()).isFalse();
        }
    }

    /** Runs the projections against the proxy and finds their documents in the real node. */
    private static void projectsThroughTheProxy(ProjectionsConfig config, String model) throws Exception {
        assertThat(ElasticClients.writable(config.elasticsearch()).getAsBoolean()).as("the health probe through the proxy").isTrue();
        Events events = new Events(model, "v1");
        try (ProjectionService service = start(config)) {
            for (int i = 0; i < 5; i++) {
                harness.send(Topics.DRIFT_SCORES, model, events.drift("f" + i, T0, 0.1, DriftVerdict.NO_DRIFT));
            }
            Harness.await("5 documents in the node behind the proxy", Duration.ofSeconds(30),
                    () -> harness.count(ProjectionIndex.DRIFT_SCORES, model) == 5);
            assertThat(service.pipeline().sink().counters().failedRequests()).isZero();
        }
    }

    private static ProjectionService start(ProjectionsConfig config) throws IOException {
        return ProjectionService.start(config, SinkOptions.defaults(), FAST);
    }

    /** The projections' configuration from the environment, as a deployment gives it, pointing at the proxy. */
    private static ProjectionsConfig config(LocalStack stack, String group, Map<String, String> elasticsearch) {
        Map<String, String> env = new HashMap<>(elasticsearch);
        env.put("SHEPHERD_ELASTICSEARCH_URL", "https://127.0.0.1:" + proxy.getAddress().getPort());
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_GROUP_ID", Harness.group(group));
        env.put("SHEPHERD_HTTP_PORT", "0");
        return ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), env));
    }

    /** Elasticsearch's security, in front of a node that has none: the API key or the user, else 401. */
    private static void authenticateAndForward(HttpExchange exchange, URI node, HttpClient http) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!("ApiKey " + API_KEY).equals(authorization) && !basic.equals(authorization)) {
                byte[] body = ("{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to authenticate"
                        + " with provided credentials and anonymous access is not allowed for this request\"}],\"type\":"
                        + "\"security_exception\",\"reason\":\"unable to authenticate with provided credentials and anonymous"
                        + " access is not allowed for this request\"},\"status\":401}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("WWW-Authenticate", "ApiKey");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\", charset=\"UTF-8\"");
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            forward(exchange, node, http);
        }
    }

    private static void forward(HttpExchange exchange, URI node, HttpClient http) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (FORWARDED_REQUEST_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        answer.headers().map().forEach((name, values) -> {
            if (!DROPPED_RESPONSE_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean empty = answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : answer.body().length);
        if (!empty) {
            exchange.getResponseBody().write(answer.body());
        }
    }
}
