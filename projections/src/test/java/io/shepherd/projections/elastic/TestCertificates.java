package io.shepherd.projections.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Certificates for TLS tests, made with the JDK's keytool in a folder of the test: a CA, server certificates it signs,
 * self-signed ones; and an HTTPS server on loopback that presents one of them.
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A private key and its certificate chain, the server's own certificate first, under a keytool alias. */
    public record Identity(String name, PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The certificate as Elasticsearch prints a fingerprint: SHA-256, upper-case hex with colons. */
        public String fingerprint() {
            try {
                return HexFormat.ofDelimiter(":").withUpperCase()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes the certificate as a PEM file, as Elasticsearch writes {@code http_ca.crt}. */
        public Path writePem(Path file) throws IOException, GeneralSecurityException {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate().getEncoded());
            return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
        }

        SSLContext serverContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }
    }

    /** A CA certificate that may sign others. */
    public Identity authority(String name) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=" + name,
                "-ext", "bc:c", "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return load(name);
    }

    /** A server certificate for the subject alternative names {@code san} (keytool's form: {@code dns:localhost,ip:127.0.0.1}). */
    public Identity selfSigned(String name, String san) throws Exception {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return load(name);
    }

    /** A server certificate for {@code san} signed by {@code ca}, with the chain a server sends: its own, then the CA's. */
    public Identity signedBy(Identity ca, String name, String san) throws Exception {
        Identity own = selfSigned(name, san);
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".crt");
        keytool("-certreq", "-alias", name, "-keystore", store(name), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-alias", ca.name(), "-keystore", store(ca.name()), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "2", "-ext", "SAN=" + san);
        try (InputStream in = Files.newInputStream(signed)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new Identity(name, own.key(), List.of(certificate, ca.certificate()));
        }
    }

    /** An HTTPS server on 127.0.0.1, on a free port, presenting {@code identity}; stop it with {@code stop(0)}. */
    public static HttpsServer serve(Identity identity, HttpHandler handler) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()));
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-https-" + server.getAddress().getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private Identity load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            store.load(in, PASSWORD.toCharArray());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (var certificate : store.getCertificateChain(name)) {
            chain.add((X509Certificate) certificate);
        }
        return new Identity(name, (PrivateKey) store.getKey(name, PASSWORD.toCharArray()), List.copyOf(chain));
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
