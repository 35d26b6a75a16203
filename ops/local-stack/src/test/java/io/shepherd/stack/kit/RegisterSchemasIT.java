package io.shepherd.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/** The kit's {@code register-schemas}: against the real registry, and against a stub that checks what it sends. */
@ExtendWith(LocalStackExtension.class)
class RegisterSchemasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void registersEachSubjectWithItsStandaloneSchemaAndPrintsTheId(LocalStack stack) throws Exception {
        List<String> printed = ProducerKit.registerSchemasOnce(stack).lines().toList();

        List<String[]> subjects = ProducerKit.subjects();
        assertThat(printed).hasSameSizeAs(subjects);
        for (int i = 0; i < subjects.size(); i++) {
            String subject = subjects.get(i)[0] + "-value";
            String event = subjects.get(i)[1];
            JsonNode latest = JSON.readTree(get(stack.registryUrl() + "/subjects/" + subject + "/versions/latest"));
            assertThat(printed.get(i)).isEqualTo(subject + " id " + latest.get("id").asInt() + " (" + event + ")");
            Schema standalone = new Schema.Parser().parse(ProducerKit.DIR.resolve("../schemas/standalone/" + event + ".avsc").toFile());
            assertThat(new Schema.Parser().parse(latest.get("schema").asText())).as(subject).isEqualTo(standalone);
        }
    }

    @Test
    void registeringAgainGivesTheSameIdsAndNoNewVersions(LocalStack stack) throws Exception {
        String first = ProducerKit.registerSchemasOnce(stack);
        String versions = get(stack.registryUrl() + "/subjects/shepherd.features-value/versions");

        var again = ProducerKit.registerSchemas(stack.registryUrl(), Map.of());

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.output()).isEqualTo(first);
        assertThat(get(stack.registryUrl() + "/subjects/shepherd.features-value/versions")).isEqualTo(versions);
    }

    @Test
    void sendsTheUserInfoAsBasicAuthAndEachSchemaAsOneJsonString() throws Exception {
        String userInfo = "producer:pa\"ss:w\\ord";
        List<JsonNode> bodies = new CopyOnWriteArrayList<>();
        HttpServer registry = stub(exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean allowed = ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).equals(authorization);
            bodies.add(JSON.readTree(exchange.getRequestBody()));
            return allowed ? new Reply(200, "{\"id\": 41}") : new Reply(401, "{\"error_code\": 401, \"message\": \"Unauthorized\"}");
        });
        try {
            var registered = ProducerKit.registerSchemas(url(registry), Map.of("SCHEMA_REGISTRY_USER_INFO", userInfo));

            assertThat(registered.exitCode()).as(registered.describe()).isZero();
            assertThat(registered.output().lines()).hasSize(ProducerKit.subjects().size()).allMatch(line -> line.contains(" id 41 ("));
            String predictionServed = Files.readString(ProducerKit.DIR.resolve("../schemas/standalone/PredictionServed.avsc"));
            assertThat(bodies).extracting(body -> body.get("schema").asText()).contains(predictionServed.strip());
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void stopsWithTheRegistrysMessageWhenASchemaIsRefused() throws Exception {
        HttpServer registry = stub(exchange -> new Reply(409,
                "{\"error_code\": 409, \"message\": \"Schema being registered is incompatible with an earlier schema\"}"));
        try {
            var registered = ProducerKit.registerSchemas(url(registry), Map.of());

            assertThat(registered.exitCode()).as(registered.describe()).isEqualTo(1);
            assertThat(registered.output()).isEmpty();
            assertThat(registered.errors()).contains("shepherd.lifecycle-value (ModelLifecycle): HTTP 409").contains("incompatible");
        } finally {
            registry.stop(0);
        }
    }

    private record Reply(int status, String body) {
    }

    private interface Handler {
        Reply handle(HttpExchange exchange) throws Exception;
    }

    private static HttpServer stub(Handler handler) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try {
                Reply reply = handler.handle(exchange);
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }
}
