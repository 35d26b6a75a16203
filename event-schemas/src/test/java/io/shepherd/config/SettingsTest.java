package io.shepherd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "brokers"),
            Setting.of("group.max-size", "10", "max"),
            Setting.required("application.id", "id"),
            Setting.secret("slack.webhook.url", "webhook"));

    @Test
    void environmentOverridesFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "kafka.bootstrap.servers=broker-from-file:9092\napplication.id=drift\ngroup.max-size=5\n");

        Settings settings = Settings.load(SETTINGS, Optional.of(file), Map.of("SHEPHERD_GROUP_MAX_SIZE", "7"));

        assertThat(settings.get("kafka.bootstrap.servers")).isEqualTo("broker-from-file:9092");
        assertThat(settings.getInt("group.max-size")).isEqualTo(7);
        assertThat(settings.get("application.id")).isEqualTo("drift");
        assertThat(settings.find("slack.webhook.url")).isEmpty();
    }

    @Test
    void missingRequiredSettingNamesItsEnvironmentVariable() {
        assertThatThrownBy(() -> Settings.load(SETTINGS, Optional.empty(), Map.of()))
                .isInstanceOf(Settings.ConfigurationException.class).hasMessageContaining("application.id (SHEPHERD_APPLICATION_ID)");
    }

    @Test
    void unknownKeysAndSecretsInAFileAreRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "aplication.id=typo\nslack.webhook.url=https://hooks.example/x\n");

        assertThatThrownBy(() -> Settings.load(SETTINGS, Optional.of(file), Map.of("SHEPHERD_APPLICATION_ID", "a")))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessageContaining("unknown setting 'aplication.id'")
                .hasMessageContaining("SHEPHERD_SLACK_WEBHOOK_URL");
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverDescribed() {
        Settings settings = Settings.load(SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_APPLICATION_ID", "a", "SHEPHERD_SLACK_WEBHOOK_URL", "https://hooks.example/T0/B0/s3cr3t"));

        assertThat(settings.get("slack.webhook.url")).endsWith("s3cr3t");
        assertThat(settings.describe()).contains("slack.webhook.url=<set>").doesNotContain("s3cr3t");
        assertThat(settings.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void malformedNumbersAndUndeclaredKeysAreClearErrors() {
        Settings settings = Settings.load(SETTINGS, Optional.empty(), Map.of("SHEPHERD_APPLICATION_ID", "a", "SHEPHERD_GROUP_MAX_SIZE", "ten"));

        assertThatThrownBy(() -> settings.getInt("group.max-size")).hasMessageContaining("group.max-size must be a whole number, got 'ten'");
        assertThatThrownBy(() -> settings.get("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Setting("a.b-c", null, false, "x").envName()).isEqualTo("SHEPHERD_A_B_C");
    }

    @Test
    void undeclaredKafkaKeysPassThroughToTheClientsFromTheFileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "application.id=a\nkafka.security.protocol=SASL_SSL\n"
                + "kafka.sasl.mechanism=SCRAM-SHA-512\nkafka.ssl.truststore.location=/etc/kafka/ca.jks\n");

        Settings settings = Settings.load(SETTINGS, Optional.of(file), Map.of(
                "SHEPHERD_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"shepherd\" password=\"pa55\";",
                "SHEPHERD_KAFKA_SSL_TRUSTSTORE_PASSWORD", "tru5t", "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", "broker:9093"));

        assertThat(settings.get("kafka.bootstrap.servers")).isEqualTo("broker:9093");
        assertThat(settings.kafkaClient().properties()).containsOnlyKeys("security.protocol", "sasl.mechanism",
                "ssl.truststore.location", "sasl.jaas.config", "ssl.truststore.password");
        assertThat(settings.kafkaClient().applyTo(new java.util.HashMap<String, Object>())).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.password", "tru5t");
        assertThat(settings.describe()).contains("kafka.security.protocol=SASL_SSL", "kafka.sasl.jaas.config=<set>",
                "kafka.ssl.truststore.password=<set>").doesNotContain("pa55").doesNotContain("tru5t");
    }

    @Test
    void secretKafkaPropertiesInAFileAreRefusedNamingTheirVariable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "kafka.ssl.key.password=k3y\nkafka.sasl.jaas.config=x\n");

        assertThatThrownBy(() -> Settings.load(SETTINGS, Optional.of(file), Map.of("SHEPHERD_APPLICATION_ID", "a")))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessageContaining("SHEPHERD_KAFKA_SSL_KEY_PASSWORD").hasMessageContaining("SHEPHERD_KAFKA_SASL_JAAS_CONFIG")
                .hasMessageNotContaining("k3y");
    }

    @Test
    void registryClientPropertiesPassThroughUnderConfluentsNamesAndTheirSecretsOnlyFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "application.id=a\nschema.registry.ssl.truststore.location=/etc/ca.pem\n");
        Settings settings = Settings.load(SETTINGS, Optional.of(file), Map.of("SHEPHERD_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "u:s3cr3t"));

        assertThat(settings.registryClient().properties()).containsEntry("schema.registry.ssl.truststore.location", "/etc/ca.pem")
                .containsEntry("schema.registry.basic.auth.user.info", "u:s3cr3t");
        assertThat(settings.describe()).contains("schema.registry.basic.auth.user.info=<set>").doesNotContain("s3cr3t");
        Path secret = Files.writeString(dir.resolve("bad.properties"), "schema.registry.ssl.truststore.password=x\n");
        assertThatThrownBy(() -> Settings.load(SETTINGS, Optional.of(secret), Map.of("SHEPHERD_APPLICATION_ID", "a")))
                .hasMessageContaining("SHEPHERD_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD");
    }
}
