package io.shepherd.projections;

import java.util.List;
import java.util.Optional;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;

/** Configuration of the projections service; the Elasticsearch password is a secret (environment only). */
public record ProjectionsConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String groupId,
        String elasticsearchUrl,
        Optional<String> elasticsearchUsername,
        Optional<String> elasticsearchPassword,
        int httpPort,
        KafkaClientSettings kafkaClient,
        io.shepherd.config.RegistryClientSettings registryClient) {

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("group.id", "shepherd-projections", "consumer group; offsets are committed only for what Elasticsearch acknowledged"),
            Setting.of("elasticsearch.url", "http://127.0.0.1:9200", "Elasticsearch HTTP endpoint"),
            Setting.of("elasticsearch.username", "", "Elasticsearch user, empty for none"),
            Setting.secret("elasticsearch.password", "Elasticsearch password"),
            Setting.of("http.port", "8091", "port of health and metrics"));

    public static ProjectionsConfig from(Settings settings) {
        return new ProjectionsConfig(
                settings.get("kafka.bootstrap.servers"),
                settings.get("schema.registry.url"),
                settings.get("group.id"),
                settings.get("elasticsearch.url"),
                settings.find("elasticsearch.username").filter(s -> !s.isBlank()),
                settings.find("elasticsearch.password"),
                settings.getInt("http.port"),
                settings.kafkaClient(),
                settings.registryClient());
    }

    @Override
    public String toString() {
        return "ProjectionsConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl + ", groupId=" + groupId
                + ", elasticsearchUrl=" + elasticsearchUrl + ", elasticsearchUsername=" + elasticsearchUsername.orElse("<none>")
                + ", elasticsearchPassword=" + (elasticsearchPassword.isPresent() ? "<set>" : "<unset>") + ", httpPort=" + httpPort
                + ", kafkaClient=" + kafkaClient.describe() + "]";
    }
}
