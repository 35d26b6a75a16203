package io.shepherd.projections.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which HTTPS certificate of Elasticsearch the projections trust, as the one {@link SSLContext} that the bulk client and
 * the health probe share: the JDK's CAs, the CA certificate(s) of a PEM file (Elasticsearch 9 writes
 * {@code config/certs/http_ca.crt}), or the SHA-256 fingerprint Elasticsearch prints at its first start.
 */
public final class ElasticTrust {

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{64}");
    private static final HexFormat PRINTED = HexFormat.ofDelimiter(":").withUpperCase();

    private final SSLContext context;
    private final String description;

    private ElasticTrust(SSLContext context, String description) {
        this.context = context;
        this.description = description;
    }

    /** The JDK's trusted CAs: an Elasticsearch with a publicly signed certificate, or plain http. */
    public static ElasticTrust jdkDefault() {
        try {
            return new ElasticTrust(SSLContext.getDefault(), "the JDK's CAs");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JDK", e);
        }
    }

    /**
     * The CA certificates of a PEM file, checked by the JDK's own trust manager: the chain must lead to one of them and,
     * since both clients ask for HTTPS endpoint identification, the certificate must name the host of the URL.
     */
    public static ElasticTrust caFile(Path pem) {
        List<Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("cannot read a PEM certificate from " + pem + ": " + e, e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate in " + pem);
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("elasticsearch-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return new ElasticTrust(context(factory.getTrustManagers()), "the CA file " + pem);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the certificates of " + pem + ": " + e, e);
        }
    }

    /**
     * A certificate pinned by its SHA-256 fingerprint: the CA's or the server's own, as hex with or without colons, in
     * either case. A chain is trusted when one of its certificates has that fingerprint and every certificate below it
     * is valid today and signed by the next one up, so a chain that merely carries the (public) pinned CA certificate
     * proves nothing.
     *
     * <p>The pinned fingerprint replaces the CA chain check, as it does in Elasticsearch's own clients (the Java
     * client's {@code TransportUtils.sslContextFromCaFingerprint}, {@code ssl_assert_fingerprint} of the Python client,
     * {@code caFingerprint} of the JavaScript one), and so does the host name check, as in the Python and JavaScript
     * clients: a node's self-made certificate names the host it was made on, not every name it is reached by (a Docker
     * service name), and the fingerprint already says which certificate is the right one.
     */
    public static ElasticTrust fingerprint(String fingerprint) {
        byte[] pinned = parseFingerprint(fingerprint);
        return new ElasticTrust(context(new TrustManager[] {new Pinned(pinned)}), "the SHA-256 fingerprint " + PRINTED.formatHex(pinned));
    }

    /** The 32 bytes of a SHA-256 fingerprint written as hex, with or without colons, in either case. */
    public static byte[] parseFingerprint(String fingerprint) {
        String digits = fingerprint.strip().replace(":", "");
        if (!FINGERPRINT.matcher(digits).matches()) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits, with or without colons; got '" + fingerprint + "'");
        }
        return HexFormat.of().parseHex(digits);
    }

    public SSLContext sslContext() {
        return context;
    }

    @Override
    public String toString() {
        return description;
    }

    private static SSLContext context(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    static byte[] sha256(X509Certificate certificate) throws CertificateException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    /**
     * Trusts a server chain by the pinned fingerprint. An {@link X509ExtendedTrustManager}, so that the JDK uses it as it
     * is instead of wrapping it in one that adds the host name check (see {@link #fingerprint}).
     */
    static final class Pinned extends X509ExtendedTrustManager {

        private final byte[] pinned;

        Pinned(byte[] pinned) {
            this.pinned = pinned.clone();
        }

        void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("Elasticsearch presented no certificate");
            }
            for (int i = 0; i < chain.length; i++) {
                if (MessageDigest.isEqual(pinned, sha256(chain[i]))) {
                    checkBelow(chain, i);
                    return;
                }
            }
            throw new CertificateException("no certificate Elasticsearch presented has the pinned SHA-256 fingerprint "
                    + PRINTED.formatHex(pinned) + "; it presented " + presented(chain));
        }

        private static void checkBelow(X509Certificate[] chain, int pinnedAt) throws CertificateException {
            for (int i = 0; i < pinnedAt; i++) {
                chain[i].checkValidity();
                try {
                    chain[i].verify(chain[i + 1].getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw new CertificateException(chain[i].getSubjectX500Principal() + " is not signed by "
                            + chain[i + 1].getSubjectX500Principal() + ", whose certificate has the pinned fingerprint", e);
                }
            }
        }

        private static String presented(X509Certificate[] chain) throws CertificateException {
            List<String> certificates = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                certificates.add(certificate.getSubjectX500Principal() + " (" + PRINTED.formatHex(sha256(certificate)) + ")");
            }
            return String.join(", ", certificates);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("trusts servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("trusts servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("trusts servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
