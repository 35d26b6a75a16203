package io.shepherd.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.shepherd.config.Settings;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.HttpSchemaRegistryClient;
import io.shepherd.serde.SchemaRegistryException;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;
import io.shepherd.stack.junit.TestCertificates;
import io.shepherd.streams.StreamsAppConfig;

/**
 * The schema registry behind TLS with a private CA and basic auth, as in production: a TLS-terminating proxy on loopback
 * (certificate made by the test with the JDK's keytool, {@link TestCertificates}) that asks for basic auth and forwards to the real local
 * registry. Reached with Confluent's keys, from a PEM file or a PKCS12 trust store, through the streams app's settings;
 * refused without the CA or with a wrong password.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryTlsIT {

    private static final String USER_INFO = "shepherd:reg1stry-pa55";
    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"TlsProbe\",\"namespace\":\"io.shepherd.test\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

    @Test
    void theStreamsAppsRegistrySettingsReachARegistryBehindTlsAndBasicAuth(LocalStack stack, @TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path pem = certs.caPem();
        Path trustStore = certs.trustStore();
        HttpsServer proxy = tlsProxy(certs, URI.create(stack.registryUrl()));
        try {
            String url = "https://127.0.0.1:" + proxy.getAddress().getPort() + URI.create(stack.registryUrl()).getPath();
            String subject = "tls-probe-" + UUID.randomUUID();

            // Through the streams app's own settings: SHEPHERD_SCHEMA_REGISTRY_* pass to its serdes under Confluent's names.
            StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                    "SHEPHERD_SCHEMA_REGISTRY_URL", url, "SHEPHERD_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", pem.toString(),
                    "SHEPHERD_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE", "PEM", "SHEPHERD_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", USER_INFO)));
            assertThat(config.toString()).doesNotContain("reg1stry-pa55");
            HttpSchemaRegistryClient fromPem = client(AvroSerdeConfig.configFor(config.schemaRegistryUrl(), config.registryClient()));
            int id = fromPem.register(subject, SCHEMA);
            assertThat(fromPem.schemaById(id)).isEqualTo(SCHEMA);

            HttpSchemaRegistryClient fromPkcs12 = client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                    AvroSerdeConfig.TRUSTSTORE_LOCATION, trustStore.toString(), AvroSerdeConfig.TRUSTSTORE_TYPE, "PKCS12",
                    AvroSerdeConfig.TRUSTSTORE_PASSWORD, certs.password(), "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", USER_INFO));
            assertThat(fromPkcs12.lookup(subject, SCHEMA)).isEqualTo(id);

            HttpSchemaRegistryClient credentialsInUrl = client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                    url.replace("https://", "https://" + USER_INFO + "@"), "basic.auth.credentials.source", "URL",
                    AvroSerdeConfig.TRUSTSTORE_LOCATION, pem.toString(), AvroSerdeConfig.TRUSTSTORE_TYPE, "PEM"));
            assertThat(credentialsInUrl.lookup(subject, SCHEMA)).isEqualTo(id);

            assertThatThrownBy(() -> client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, "basic.auth.user.info", USER_INFO))
                    .lookup(subject, SCHEMA)).as("without the private CA").isInstanceOf(SchemaRegistryException.RegistryUnavailable.class);
            assertThatThrownBy(() -> client(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, AvroSerdeConfig.TRUSTSTORE_LOCATION,
                    pem.toString(), AvroSerdeConfig.TRUSTSTORE_TYPE, "PEM", "basic.auth.user.info", "shepherd:wrong")).lookup(subject, SCHEMA))
                    .as("with a wrong password").isInstanceOfSatisfying(SchemaRegistryException.Rejected.class,
                            e -> assertThat(e.status()).isEqualTo(401));
        } finally {
            proxy.stop(0);
        }
    }

    private static HttpSchemaRegistryClient client(Map<String, Object> serdeConfig) {
        Map<String, Object> config = new java.util.HashMap<>(serdeConfig);
        config.put(AvroSerdeConfig.RETRY_MAX_ATTEMPTS, 1);
        return new HttpSchemaRegistryClient(AvroSerdeConfig.from(config));
    }

    /** HTTPS on loopback with the test's certificate: basic auth required, everything else forwarded to the registry. */
    private static HttpsServer tlsProxy(TestCertificates certs, URI registry) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.serverKeyStore())) {
            keys.load(in, certs.password().toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, certs.password().toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        HttpClient upstream = HttpClient.newHttpClient();
        String expected = "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
                    byte[] body = "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(401, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                byte[] requestBody = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(registry.getScheme() + "://" + registry.getAuthority()
                        + exchange.getRequestURI())).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).ifPresent(t -> forward.header("Content-Type", t));
                HttpResponse<byte[]> answer = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }
}
