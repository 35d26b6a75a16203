package io.shepherd.projections.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;

/**
 * Real TLS handshakes on loopback against servers with certificates made by keytool: a node whose certificate the test
 * CA signed for {@code localhost}, and a stranger with a self-signed one for the same name.
 */
class ElasticTrustTest {

    @TempDir
    static Path dir;

    private static TestCertificates.Identity ca;
    private static TestCertificates.Identity node;
    private static TestCertificates.Identity stranger;
    private static HttpsServer nodeServer;
    private static HttpsServer strangerServer;

    @BeforeAll
    static void servers() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        ca = certificates.authority("test-ca");
        node = certificates.signedBy(ca, "node", "dns:localhost");
        stranger = certificates.selfSigned("stranger", "dns:localhost");
        nodeServer = TestCertificates.serve(node, ElasticTrustTest::green);
        strangerServer = TestCertificates.serve(stranger, ElasticTrustTest::green);
    }

    @AfterAll
    static void stop() {
        nodeServer.stop(0);
        strangerServer.stop(0);
    }

    @Test
    void aCaFileTrustsTheServerItsCaSignedForTheHostOfTheUrl() throws Exception {
        ElasticTrust trust = caFile();

        assertThat(status(trust, url("localhost", nodeServer))).isEqualTo(200);
        assertThat(probe(trust, url("localhost", nodeServer))).as("the health probe").isTrue();
    }

    @Test
    void aCaFileRefusesAServerWhoseCertificateAnotherCaSigned() throws Exception {
        ElasticTrust trust = caFile();

        assertThatThrownBy(() -> status(trust, url("localhost", strangerServer))).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("unable to find valid certification path");
        assertThat(probe(trust, url("localhost", strangerServer))).as("the health probe").isFalse();
    }

    @Test
    void aCaFileChecksThatTheCertificateNamesTheHostOfTheUrl() throws Exception {
        assertThatThrownBy(() -> status(caFile(), url("127.0.0.1", nodeServer))).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void theFingerprintOfTheCaOrOfTheServerWithOrWithoutColonsInEitherCaseIsTrusted() throws Exception {
        String caFingerprint = ca.fingerprint();
        String nodeFingerprint = node.fingerprint().replace(":", "").toLowerCase(Locale.ROOT);

        assertThat(status(ElasticTrust.fingerprint(caFingerprint), url("localhost", nodeServer))).isEqualTo(200);
        assertThat(status(ElasticTrust.fingerprint(caFingerprint.toLowerCase(Locale.ROOT)), url("localhost", nodeServer))).isEqualTo(200);
        assertThat(status(ElasticTrust.fingerprint(nodeFingerprint), url("localhost", nodeServer))).isEqualTo(200);
        assertThat(status(ElasticTrust.fingerprint(stranger.fingerprint()), url("localhost", strangerServer))).isEqualTo(200);
    }

    @Test
    void aPinnedFingerprintTakesThePlaceOfTheHostNameCheck() throws Exception {
        assertThat(status(ElasticTrust.fingerprint(ca.fingerprint()), url("127.0.0.1", nodeServer))).isEqualTo(200);
    }

    @Test
    void aWrongFingerprintIsRefusedNamingWhatTheServerPresented() {
        ElasticTrust trust = ElasticTrust.fingerprint(stranger.fingerprint());

        assertThatThrownBy(() -> status(trust, url("localhost", nodeServer))).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("no certificate Elasticsearch presented has the pinned SHA-256 fingerprint " + stranger.fingerprint())
                .hasMessageContaining("CN=node (" + node.fingerprint() + "), CN=test-ca (" + ca.fingerprint() + ")");
        assertThat(probe(trust, url("localhost", nodeServer))).as("the health probe").isFalse();
    }

    @Test
    void aChainThatOnlyCarriesThePinnedCaCertificateIsRefused() throws Exception {
        ElasticTrust.Pinned pinned = new ElasticTrust.Pinned(ElasticTrust.parseFingerprint(ca.fingerprint()));
        X509Certificate[] impostor = {stranger.certificate(), ca.certificate()};

        assertThatThrownBy(() -> pinned.checkServerTrusted(impostor, "RSA")).isInstanceOf(CertificateException.class)
                .hasMessage("CN=stranger is not signed by CN=test-ca, whose certificate has the pinned fingerprint");
        pinned.checkServerTrusted(node.chain().toArray(X509Certificate[]::new), "RSA");
    }

    @Test
    void aFingerprintIsSixtyFourHexDigits() {
        assertThat(ElasticTrust.parseFingerprint(" " + ca.fingerprint() + " ")).hasSize(32);
        assertThatThrownBy(() -> ElasticTrust.parseFingerprint("AB:CD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ElasticTrust.parseFingerprint("zz" + "0".repeat(62))).isInstanceOf(IllegalArgumentException.class);
    }

    private static ElasticTrust caFile() throws Exception {
        return ElasticTrust.caFile(ca.writePem(dir.resolve("http_ca.crt")));
    }

    private static boolean probe(ElasticTrust trust, String url) {
        return ElasticClients.writable(new ElasticConnection(url, trust, ElasticAuth.none())).getAsBoolean();
    }

    private static String url(String host, HttpsServer server) {
        return "https://" + host + ":" + server.getAddress().getPort();
    }

    /** The status of {@code GET /_cluster/health}, as the health probe asks it, or the handshake's failure. */
    private static int status(ElasticTrust trust, String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url + "/_cluster/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void green(HttpExchange exchange) throws java.io.IOException {
        try (exchange) {
            byte[] body = "{\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
