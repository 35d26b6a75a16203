package io.shepherd.projections.elastic;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;

/** The Elasticsearch client the projections use: Rest5Client transport, documents as Jackson records without nulls. */
public final class ElasticClients {

    private ElasticClients() {
    }

    /** The JSON mapper for documents: absent values are left out rather than written as null. */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ElasticsearchClient create(String url, Optional<String> username, Optional<String> password) {
        var builder = Rest5Client.builder(URI.create(url));
        if (username.isPresent()) {
            String token = Base64.getEncoder().encodeToString(
                    (username.get() + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + token)});
        }
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper(objectMapper())));
    }

    /** Whether Elasticsearch answers at all; any failure is a no. */
    public static boolean answers(ElasticsearchClient client) {
        try {
            return client.ping().value();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
