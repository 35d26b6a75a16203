package io.shepherd.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The HTTP client against a real HTTP server on loopback that answers as scripted and records what it was sent. */
class HttpSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");

    private HttpServer server;
    private final Deque<String[]> answers = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String[] answer = answers.isEmpty() ? new String[] {"500", "{}"} : answers.poll();
            byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private HttpSchemaRegistryClient client(Object... extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7",
                AvroSerdeConfig.RETRY_MAX_ATTEMPTS, 4, AvroSerdeConfig.RETRY_BACKOFF_MS, 1, AvroSerdeConfig.RETRY_MAX_BACKOFF_MS, 2));
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return new HttpSchemaRegistryClient(AvroSerdeConfig.from(config));
    }

    @Test
    void registersUnderTheSubjectAndCachesTheId() {
        answers.add(new String[] {"200", "{\"id\":42}"});
        HttpSchemaRegistryClient client = client();

        assertThat(client.register("shepherd.predictions-value", SCHEMA)).isEqualTo(42);
        assertThat(client.register("shepherd.predictions-value", SCHEMA)).isEqualTo(42);
        assertThat(client.schemaById(42)).isEqualTo(SCHEMA);

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("POST /apis/ccompat/v7/subjects/shepherd.predictions-value/versions ")
                .contains("\"schema\":\"{\\\"type\\\":\\\"record\\\"");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() {
        answers.add(new String[] {"503", "{\"error_code\":50003,\"message\":\"busy\"}"});
        answers.add(new String[] {"500", "{\"error_code\":50001,\"message\":\"store\"}"});
        answers.add(new String[] {"200", "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"int\\\"}]}\"}"});

        assertThat(client().schemaById(7)).isEqualTo(SCHEMA);
        assertThat(requests).hasSize(3).allMatch(r -> r.startsWith("GET /apis/ccompat/v7/schemas/ids/7"));
    }

    @Test
    void unreachableRegistryFailsAfterEveryRetryAsRetriable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(AvroSerdeConfig.from(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort,
                AvroSerdeConfig.RETRY_MAX_ATTEMPTS, 3, AvroSerdeConfig.RETRY_BACKOFF_MS, 1)));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.RegistryUnavailable.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.getMessage()).contains("after 3 attempts").contains("127.0.0.1:" + closedPort);
                });
    }

    @Test
    void conflictIsAnIncompatibleSchemaAndIsNotRetried() {
        answers.add(new String[] {"409", "{\"error_code\":409,\"message\":\"Incompatible artifact: y at /fields/1\"}"});
        answers.add(new String[] {"404", "{\"error_code\":40403,\"message\":\"Schema not found\"}"});

        assertThatThrownBy(() -> client().register("t-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchema.class).hasMessageContaining("t-value").hasMessageContaining("y at /fields/1");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).startsWith("POST /apis/ccompat/v7/subjects/t-value ");
    }

    /** Two clients registering one schema at once: the registry refuses the second with 409, then holds the schema. */
    @Test
    void aConflictWithTheSameSchemaRegisteredMeanwhileGivesItsId() {
        answers.add(new String[] {"409", "{\"error_code\":409,\"message\":\"An artifact with ID 't-value' in group 'null' already exists.\"}"});
        answers.add(new String[] {"200", "{\"subject\":\"t-value\",\"id\":17,\"version\":1}"});
        HttpSchemaRegistryClient client = client();

        assertThat(client.register("t-value", SCHEMA)).isEqualTo(17);
        assertThat(client.register("t-value", SCHEMA)).isEqualTo(17);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("POST /apis/ccompat/v7/subjects/t-value/versions ");
        assertThat(requests.get(1)).startsWith("POST /apis/ccompat/v7/subjects/t-value ");
    }

    @Test
    void unknownIdAndUnknownSubjectAreTold() {
        answers.add(new String[] {"404", "{\"error_code\":40403,\"message\":\"No content with id 99\"}"});
        answers.add(new String[] {"404", "{\"error_code\":40401,\"message\":\"Subject not found\"}"});
        HttpSchemaRegistryClient client = client();

        assertThatThrownBy(() -> client.schemaById(99)).isInstanceOf(SchemaRegistryException.UnknownSchemaId.class).hasMessageContaining("99");
        assertThatThrownBy(() -> client.lookup("nope-value", SCHEMA)).isInstanceOf(SchemaRegistryException.NotRegistered.class)
                .hasMessageContaining("nope-value");
    }

    @Test
    void basicAuthIsSentAndNeverLogged() {
        answers.add(new String[] {"200", "{\"id\":1,\"version\":3,\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"int\\\"}]}\"}"});

        var latest = client(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:s3cr3t").latest("t-value");

        assertThat(latest.version()).isEqualTo(3);
        assertThat(authorizations.get(0)).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("svc:s3cr3t".getBytes()));
        assertThat(HttpSchemaRegistryClient.redact("https://svc:s3cr3t@registry:8081/x")).isEqualTo("https://***@registry:8081/x");
    }

    @Test
    void aSchemaWithReferencesIsReadWithTheReferencedSchemasResolvedFirstAsConfluentsDeserializerDoes() {
        String variant = "{\"type\":\"enum\",\"name\":\"Variant\",\"namespace\":\"io.x\",\"symbols\":[\"A\",\"B\"]}";
        String level = "{\"type\":\"record\",\"name\":\"Level\",\"namespace\":\"io.x\",\"fields\":[{\"name\":\"v\",\"type\":\"io.x.Variant\"}]}";
        String main = "{\"type\":\"record\",\"name\":\"Main\",\"namespace\":\"io.x\",\"fields\":[{\"name\":\"l\",\"type\":\"io.x.Level\"},"
                + "{\"name\":\"w\",\"type\":\"io.x.Variant\"}]}";
        answers.add(new String[] {"200", json(main, "[{\"name\":\"io.x.Level\",\"subject\":\"level\",\"version\":2},"
                + "{\"name\":\"io.x.Variant\",\"subject\":\"variant\",\"version\":1}]")});
        answers.add(new String[] {"200", json(level, "[{\"name\":\"io.x.Variant\",\"subject\":\"variant\",\"version\":1}]")});
        answers.add(new String[] {"200", json(variant, "[]")});

        Schema schema = client().schemaById(7);

        assertThat(schema.getField("l").schema().getField("v").schema().getEnumSymbols()).containsExactly("A", "B");
        assertThat(schema.getField("w").schema().getFullName()).isEqualTo("io.x.Variant");
        assertThat(requests).extracting(r -> r.split(" ")[1]).containsExactly("/apis/ccompat/v7/schemas/ids/7",
                "/apis/ccompat/v7/subjects/level/versions/2", "/apis/ccompat/v7/subjects/variant/versions/1");
    }

    @Test
    void aSchemaThatCannotBeParsedIsASchemaRegistryFailureWithItsOwnReasonNotAnAvroException() {
        answers.add(new String[] {"200", json("{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"v\",\"type\":\"io.x.Missing\"}]}", "[]")});

        assertThatThrownBy(() -> client().schemaById(9)).isInstanceOf(SchemaRegistryException.UnusableSchema.class)
                .hasMessageContaining("schema id 9 cannot be used").extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo("UNUSABLE_SCHEMA");
    }

    private static String json(String schema, String references) {
        return "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + ",\"references\":" + references + "}";
    }
}
