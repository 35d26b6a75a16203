package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schema registry's HTTP API as the integration tests use it: registering schemas with references, and making a
 * schema whose reference no longer resolves, as a producer with schema references can leave behind.
 */
final class RegistryHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String registry;

    /** @param registry the Confluent-compatible API's URL ({@code LocalStack.registryUrl()}) */
    RegistryHttp(String registry) {
        this.registry = registry;
    }

    /** The registry's own API, for what its Confluent API refuses or drops. */
    String nativeApi() {
        return registry.replace("/apis/ccompat/v7", "/apis/registry/v2");
    }

    /**
     * A schema naming io.shepherd.events.Variant by a reference whose subject is deleted after it was registered (the
     * registry refuses a schema whose references do not resolve at registration, as Confluent's does); its id.
     */
    int registerBroken(String prefix) throws Exception {
        String variant = prefix + "-deleted";
        register(variant, "{\"type\":\"enum\",\"name\":\"Variant\",\"namespace\":\"io.shepherd.events\","
                + "\"symbols\":[\"CHAMPION\"]}", JSON.createArrayNode());
        ArrayNode references = JSON.createArrayNode();
        references.add(JSON.createObjectNode().put("name", "io.shepherd.events.Variant").put("subject", variant).put("version", 1));
        String schema = "{\"type\":\"record\",\"name\":\"PredictionServed\",\"namespace\":\"io.shepherd.events\",\"fields\":"
                + "[{\"name\":\"variant\",\"type\":\"io.shepherd.events.Variant\"}]}";
        int id = register(prefix + "-broken-value", schema, references);
        // The Confluent API refuses to delete a referenced subject; the registry's own API does not.
        send("DELETE", nativeApi() + "/groups/default/artifacts/" + variant, "");
        return id;
    }

    void send(String method, String url, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s %s: %s", method, url, answer.body()).isBetween(200, 299);
    }

    int register(String subject, String schema, ArrayNode references) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schema);
        body.set("references", references);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(registry + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("registering %s: %s", subject, answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("id").asInt();
    }
}
