package io.shepherd.projections.elastic;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

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

    /**
     * How long a request may wait for Elasticsearch's answer. The client's default is forever: a bulk request whose
     * answer never came (a node that stalled, a connection lost without a reset) held the ingester's only request slot
     * and stopped the projections without a word. Past this it fails, and the sink rewinds and retries it.
     */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    public static ElasticsearchClient create(String url, Optional<String> username, Optional<String> password) {
        return create(url, username, password, RESPONSE_TIMEOUT);
    }

    public static ElasticsearchClient create(String url, Optional<String> username, Optional<String> password, Duration responseTimeout) {
        var builder = Rest5Client.builder(URI.create(url))
                .setRequestConfigCallback(config -> config.setResponseTimeout(Timeout.of(responseTimeout)));
        if (username.isPresent()) {
            String token = Base64.getEncoder().encodeToString(
                    (username.get() + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + token)});
        }
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper(objectMapper())));
    }

    /**
     * Whether Elasticsearch can take writes again: its cluster health answers 200. Asked over a JDK HTTP client of its
     * own, so the answer never depends on the state the bulk client kept from the outage.
     */
    public static BooleanSupplier writable(String url, Optional<String> username, Optional<String> password) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                + "/_cluster/health?wait_for_status=yellow&timeout=2s")).timeout(Duration.ofSeconds(5)).GET();
        username.ifPresent(u -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8))));
        HttpRequest health = request.build();
        return () -> {
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}
