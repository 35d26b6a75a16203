package io.shepherd.projections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;
import io.shepherd.config.Settings.ConfigurationException;
import io.shepherd.projections.elastic.ElasticAuth;
import io.shepherd.projections.elastic.ElasticConnection;
import io.shepherd.projections.elastic.ElasticTrust;

/**
 * Configuration of the projections service; the Elasticsearch password and API key are secrets (environment only). The
 * Elasticsearch connection is resolved here, at startup: a CA file that cannot be read, a malformed fingerprint, or two
 * ways to authenticate or to trust at once stop the service before it starts.
 */
public record ProjectionsConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String groupId,
        ElasticConnection elasticsearch,
        int httpPort,
        KafkaClientSettings kafkaClient,
        io.shepherd.config.RegistryClientSettings registryClient,
        Duration slowBulkRequestAfter) {

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("group.id", "shepherd-projections", "consumer group; offsets are committed only for what Elasticsearch acknowledged"),
            Setting.of("elasticsearch.url", "http://127.0.0.1:9200", "Elasticsearch HTTP endpoint"),
            Setting.of("elasticsearch.username", "", "Elasticsearch user, empty for none"),
            Setting.secret("elasticsearch.password", "Elasticsearch password"),
            Setting.secret("elasticsearch.api.key", "Elasticsearch API key, the encoded form Elasticsearch returns;"
                    + " instead of username and password"),
            Setting.of("elasticsearch.ca.file", "", "PEM file of the CA of Elasticsearch's HTTPS certificate (Elasticsearch 9"
                    + " writes config/certs/http_ca.crt); empty for the JDK's CAs"),
            Setting.of("elasticsearch.ca.fingerprint", "", "SHA-256 fingerprint of Elasticsearch's CA or HTTPS certificate"
                    + " (hex, colons optional), as Elasticsearch prints it at first start; instead of a CA file"),
            Setting.of("http.port", "8091", "port of health and metrics"),
            Setting.of("elasticsearch.slow.request.ms", "10000", "a bulk request unanswered this long is logged, counted"
                    + " and shown in health and metrics; it keeps waiting"));

    public static ProjectionsConfig from(Settings settings) {
        return new ProjectionsConfig(
                settings.get("kafka.bootstrap.servers"),
                settings.get("schema.registry.url"),
                settings.get("group.id"),
                elasticsearch(settings),
                settings.getInt("http.port"),
                settings.kafkaClient(),
                settings.registryClient(),
                Duration.ofMillis(settings.getLong("elasticsearch.slow.request.ms")));
    }

    private static ElasticConnection elasticsearch(Settings settings) {
        Optional<String> username = nonBlank(settings, "elasticsearch.username");
        Optional<String> apiKey = settings.find("elasticsearch.api.key");
        Optional<String> caFile = nonBlank(settings, "elasticsearch.ca.file");
        Optional<String> fingerprint = nonBlank(settings, "elasticsearch.ca.fingerprint");
        if (apiKey.isPresent() && username.isPresent()) {
            throw new ConfigurationException(named("elasticsearch.api.key") + " and " + named("elasticsearch.username")
                    + " are both set: authenticate to Elasticsearch with an API key or with basic auth, not both");
        }
        if (caFile.isPresent() && fingerprint.isPresent()) {
            throw new ConfigurationException(named("elasticsearch.ca.file") + " and " + named("elasticsearch.ca.fingerprint")
                    + " are both set: trust Elasticsearch's certificate by a CA file or by a fingerprint, not both");
        }
        ElasticAuth auth = apiKey.map(ElasticAuth::apiKey).orElseGet(() -> username
                .map(user -> ElasticAuth.basic(user, settings.find("elasticsearch.password"))).orElseGet(ElasticAuth::none));
        ElasticTrust trust = ElasticTrust.jdkDefault();
        try {
            if (caFile.isPresent()) {
                trust = ElasticTrust.caFile(Path.of(caFile.get()));
            } else if (fingerprint.isPresent()) {
                trust = ElasticTrust.fingerprint(fingerprint.get());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(named(caFile.isPresent() ? "elasticsearch.ca.file" : "elasticsearch.ca.fingerprint")
                    + ": " + e.getMessage());
        }
        return new ElasticConnection(settings.get("elasticsearch.url"), trust, auth);
    }

    private static Optional<String> nonBlank(Settings settings, String key) {
        return settings.find(key).filter(s -> !s.isBlank());
    }

    /** The setting and its environment variable, for a message. */
    private static String named(String key) {
        return SETTINGS.stream().filter(s -> s.key().equals(key)).findFirst()
                .map(s -> s.key() + " (" + s.envName() + ")").orElseThrow();
    }

    @Override
    public String toString() {
        return "ProjectionsConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl + ", groupId=" + groupId
                + ", elasticsearch=" + elasticsearch + ", httpPort=" + httpPort
                + ", kafkaClient=" + kafkaClient.describe() + ", slowBulkRequestAfter=" + slowBulkRequestAfter + "]";
    }
}
