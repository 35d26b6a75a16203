package io.shepherd.projections.elastic;

import java.io.IOException;
import java.net.URI;
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

/**
 * The Elasticsearch clients the projections use, both from one {@link ElasticConnection}: the bulk client (Rest5Client
 * transport, documents as Jackson records without nulls) and the health probe.
 */
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

    private static final String AUTHORIZATION = "Authorization";

    public static ElasticsearchClient create(ElasticConnection connection) {
        return create(connection, RESPONSE_TIMEOUT);
    }

    public static ElasticsearchClient create(ElasticConnection connection, Duration responseTimeout) {
        var builder = Rest5Client.builder(URI.create(connection.url()))
                .setSSLContext(connection.trust().sslContext())
                .setRequestConfigCallback(config -> config.setResponseTimeout(Timeout.of(responseTimeout)));
        connection.auth().header().ifPresent(value ->
                builder.setDefaultHeaders(new Header[] {new BasicHeader(AUTHORIZATION, value)}));
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper(objectMapper())));
    }

    /**
     * Whether Elasticsearch can take writes again: its cluster health answers 200. Asked over a JDK HTTP client of its
     * own, so the answer never depends on the state the bulk client kept from the outage; with the same TLS trust and
     * credentials as the bulk client, so a certificate or a key Elasticsearch refuses reads as not writable.
     */
    public static BooleanSupplier writable(ElasticConnection connection) {
        HttpClient http = HttpClient.newBuilder().sslContext(connection.trust().sslContext())
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(connection.url().replaceAll("/+$", "")
                + "/_cluster/health?wait_for_status=yellow&timeout=2s")).timeout(Duration.ofSeconds(5)).GET();
        connection.auth().header().ifPresent(value -> request.header(AUTHORIZATION, value));
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
