package io.shepherd.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Client of the Confluent schema registry REST API (Confluent's own registry, or Apicurio's {@code /apis/ccompat/v7}).
 * Ids and schemas are cached for the life of the client: a schema id never changes its schema. Connection failures,
 * timeouts, 408, 429 and 5xx answers are retried with exponential backoff, moving to the next URL when several are given.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> urls;
    private final Optional<String> authorization;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** Ids by what was asked: the schema itself is the key (Avro caches its hash), not its JSON text made anew per record. */
    private final Map<Asked, Integer> registeredIds = new ConcurrentHashMap<>();

    private record Asked(boolean register, String subject, Schema schema) {
    }

    public HttpSchemaRegistryClient(AvroSerdeConfig config) {
        this.urls = config.registryUrls();
        this.authorization = config.basicAuthUserInfo()
                .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.retry = config.retry();
        this.requestTimeout = config.requestTimeout();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.requestTimeout());
        config.trustStore().ifPresent(store -> http.sslContext(sslContext(store)));
        this.http = http.build();
    }

    /** TLS that trusts the certificates of the store (a private CA), and verifies the registry's host name against them. */
    static SSLContext sslContext(AvroSerdeConfig.TrustStore store) {
        try {
            KeyStore trusted;
            if (store.type().equalsIgnoreCase("PEM")) {
                trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                try (InputStream in = Files.newInputStream(store.location())) {
                    int i = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trusted.setCertificateEntry("ca-" + i++, certificate);
                    }
                }
            } else {
                trusted = KeyStore.getInstance(store.type());
                try (InputStream in = Files.newInputStream(store.location())) {
                    trusted.load(in, store.password().map(String::toCharArray).orElse(null));
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new org.apache.kafka.common.config.ConfigException("cannot read the registry trust store " + store.location() + " ("
                    + store.type() + "): " + e.getMessage());
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        return cached(registeredIds, new Asked(true, subject, schema), () -> {
            JsonNode answer;
            try {
                answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
            } catch (SchemaRegistryException.IncompatibleSchema conflict) {
                answer = registeredMeanwhile(subject, schema, conflict);
            }
            int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /**
     * A 409 can also mean that another client registered the same schema at the same moment: some registries
     * (Apicurio's Confluent API) refuse the second of two concurrent registrations. When the subject holds the schema
     * now, its id is the answer; otherwise the conflict stands.
     */
    private JsonNode registeredMeanwhile(String subject, Schema schema, SchemaRegistryException.IncompatibleSchema conflict) {
        try {
            return call("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
        } catch (SchemaRegistryException notThere) {
            conflict.addSuppressed(notThere);
            throw conflict;
        }
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return cached(registeredIds, new Asked(false, subject, schema), () -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
            int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return cached(schemasById, id, () -> {
            JsonNode answer = call("GET", "/schemas/ids/" + id, null, null);
            JsonNode type = answer.get("schemaType");
            if (type != null && !type.asText().equals("AVRO")) {
                throw new SchemaRegistryException("schema id " + id + " is a " + type.asText() + " schema, not Avro");
            }
            return parse(answer, "schema id " + id);
        });
    }

    /**
     * Parses a schema of the registry with the schemas it references (Confluent's {@code references}: name, subject,
     * version), each resolved first, depth first, as Confluent's own deserializer does, so that a producer that split
     * shared types into subjects of their own is read. A schema that still cannot be parsed is an error of its own,
     * never an Avro exception escaping the caller's error handling.
     */
    private Schema parse(JsonNode answer, String what) {
        Schema.Parser parser = new Schema.Parser();
        try {
            for (JsonNode reference : answer.path("references")) {
                resolve(parser, reference, new java.util.HashSet<>());
            }
            return parser.parse(answer.get("schema").asText());
        } catch (org.apache.avro.AvroRuntimeException e) {
            throw new SchemaRegistryException.UnusableSchema(what, e.getMessage(), e);
        }
    }

    private void resolve(Schema.Parser parser, JsonNode reference, java.util.Set<String> seen) {
        String name = reference.path("name").asText();
        String subject = reference.path("subject").asText();
        String version = reference.path("version").asText("latest");
        if (parser.getTypes().containsKey(name) || !seen.add(subject + "/" + version)) {
            return;
        }
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/" + encode(version), null, subject);
        for (JsonNode nested : answer.path("references")) {
            resolve(parser, nested, seen);
        }
        if (!parser.getTypes().containsKey(name)) {
            parser.parse(answer.get("schema").asText());
        }
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject);
        Schema schema = parse(answer, "the latest schema of " + subject);
        int id = answer.get("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(id, answer.get("version").asInt(), schema);
    }

    /** Not computeIfAbsent: a registry call may retry for seconds and must not hold a lock of the map meanwhile. */
    private static <K, V> V cached(Map<K, V> cache, K key, java.util.function.Supplier<V> load) {
        V value = cache.get(key);
        if (value == null) {
            value = load.get();
            cache.putIfAbsent(key, value);
        }
        return value;
    }

    private JsonNode call(String method, String path, String body, String subject) {
        Exception last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            String base = urls.get((attempt - 1) % urls.size());
            try {
                HttpResponse<String> response = http.send(request(method, base + path, body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return JSON.readTree(response.body());
                }
                if (!retriable(status)) {
                    throw failure(status, response.body(), path, subject);
                }
                last = new IOException("HTTP " + status + " " + abbreviate(response.body()));
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException.RegistryUnavailable("interrupted while calling the schema registry", e);
            }
            if (attempt < retry.maxAttempts()) {
                Duration pause = retry.backoffAfter(attempt);
                LOG.warn("schema registry {} {} failed (attempt {}/{}): {}; retrying in {} ms", method, redact(base) + path,
                        attempt, retry.maxAttempts(), last.toString(), pause.toMillis());
                sleep(pause);
            }
        }
        throw new SchemaRegistryException.RegistryUnavailable("schema registry unreachable at " + urls.stream().map(HttpSchemaRegistryClient::redact).toList()
                + " after " + retry.maxAttempts() + " attempts: " + last, last);
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static SchemaRegistryException failure(int status, String body, String path, String subject) {
        String message = registryMessage(body);
        int errorCode = errorCode(body);
        if (status == 409) {
            return new SchemaRegistryException.IncompatibleSchema(subject, message);
        }
        if (status == 404 && path.startsWith("/schemas/ids/")) {
            return new SchemaRegistryException.UnknownSchemaId(Integer.parseInt(path.substring("/schemas/ids/".length())), message);
        }
        if (status == 404 && (errorCode == 40401 || errorCode == 40402 || errorCode == 40403 || subject != null)) {
            return new SchemaRegistryException.NotRegistered("subject " + subject + ": " + message);
        }
        return new SchemaRegistryException.Rejected(status, message);
    }

    private static String registryMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.hasNonNull("message") ? node.get("message").asText() : abbreviate(body);
        } catch (IOException e) {
            return abbreviate(body);
        }
    }

    private static int errorCode(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.hasNonNull("error_code") ? node.get("error_code").asInt() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Drops credentials embedded in a URL (http://user:secret@host) before it is logged. */
    static String redact(String url) {
        return url.replaceFirst("//[^/@]+@", "//***@");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException.RegistryUnavailable("interrupted while waiting to retry the schema registry", e);
        }
    }
}
