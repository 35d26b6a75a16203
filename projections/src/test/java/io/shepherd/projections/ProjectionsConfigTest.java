package io.shepherd.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;

class ProjectionsConfigTest {

    private static final String FINGERPRINT = "AB:".repeat(31) + "AB";

    @Test
    void emptyUsernameMeansNoAuthenticationAndThePasswordIsNeverPrinted() {
        ProjectionsConfig none = load(Map.of());
        ProjectionsConfig secured = load(Map.of("SHEPHERD_ELASTICSEARCH_USERNAME", "shepherd", "SHEPHERD_ELASTICSEARCH_PASSWORD", "pa55word"));

        assertThat(none.elasticsearch().auth().header()).isEmpty();
        assertThat(none.elasticsearch().url()).isEqualTo("http://127.0.0.1:9200");
        assertThat(secured.elasticsearch().auth().header()).contains("Basic c2hlcGhlcmQ6cGE1NXdvcmQ=");
        assertThat(secured.toString()).contains("username=shepherd, password=<set>, apiKey=<unset>").doesNotContain("pa55word", "c2hlcGhlcmQ6cGE1NXdvcmQ");
    }

    @Test
    void anApiKeyIsSentAsItIsAndNeverPrinted() {
        ProjectionsConfig config = load(Map.of("SHEPHERD_ELASTICSEARCH_API_KEY", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="));

        assertThat(config.elasticsearch().auth().header()).contains("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assertThat(config.toString()).contains("apiKey=<set>").doesNotContain("VnVhQ2ZHY0JDZGJrUW0");
        assertThat(load(Map.of()).toString()).contains("apiKey=<unset>");
    }

    @Test
    void theApiKeyIsASecretThatAFileCannotHold(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("projections.properties");
        java.nio.file.Files.writeString(file, "elasticsearch.api.key=abc\n");

        assertThatThrownBy(() -> Settings.load(ProjectionsConfig.SETTINGS, Optional.of(file), Map.of()))
                .hasMessageContaining("'elasticsearch.api.key' is a secret: set it in the environment as SHEPHERD_ELASTICSEARCH_API_KEY");
    }

    @Test
    void anApiKeyTogetherWithBasicAuthIsRefusedAtStartup() {
        assertThatThrownBy(() -> load(Map.of("SHEPHERD_ELASTICSEARCH_API_KEY", "abc", "SHEPHERD_ELASTICSEARCH_USERNAME", "shepherd")))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessage("elasticsearch.api.key (SHEPHERD_ELASTICSEARCH_API_KEY) and elasticsearch.username"
                        + " (SHEPHERD_ELASTICSEARCH_USERNAME) are both set: authenticate to Elasticsearch with an API key or with"
                        + " basic auth, not both");
    }

    @Test
    void aCaFileTogetherWithAFingerprintIsRefusedAtStartup() {
        assertThatThrownBy(() -> load(Map.of("SHEPHERD_ELASTICSEARCH_CA_FILE", "/etc/shepherd/http_ca.crt",
                "SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT", FINGERPRINT)))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessageContaining("elasticsearch.ca.file (SHEPHERD_ELASTICSEARCH_CA_FILE) and elasticsearch.ca.fingerprint"
                        + " (SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT) are both set");
    }

    @Test
    void aCaFileThatCannotBeReadOrAMalformedFingerprintIsRefusedAtStartupNamingTheSetting(@TempDir Path dir) {
        assertThatThrownBy(() -> load(Map.of("SHEPHERD_ELASTICSEARCH_CA_FILE", dir.resolve("missing.crt").toString())))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessageStartingWith("elasticsearch.ca.file (SHEPHERD_ELASTICSEARCH_CA_FILE): cannot read a PEM certificate from "
                        + dir.resolve("missing.crt"));
        assertThatThrownBy(() -> load(Map.of("SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT", "AB:CD")))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessage("elasticsearch.ca.fingerprint (SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT): a SHA-256 fingerprint is 64 hex"
                        + " digits, with or without colons; got 'AB:CD'");
    }

    @Test
    void aFingerprintIsPrintedAsElasticsearchPrintsIt() {
        ProjectionsConfig config = load(Map.of("SHEPHERD_ELASTICSEARCH_CA_FINGERPRINT", FINGERPRINT.replace(":", "").toLowerCase()));

        assertThat(config.toString()).contains("trust=the SHA-256 fingerprint " + FINGERPRINT);
        assertThat(load(Map.of()).toString()).contains("trust=the JDK's CAs");
    }

    @Test
    void aBulkRequestIsSlowAfterTenSecondsUnlessTheEnvironmentSaysOtherwise() {
        ProjectionsConfig defaults = load(Map.of());
        ProjectionsConfig set = load(Map.of("SHEPHERD_ELASTICSEARCH_SLOW_REQUEST_MS", "2500"));

        assertThat(defaults.slowBulkRequestAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.slowBulkRequestAfter()).isEqualTo(Duration.ofMillis(2500));
    }

    private static ProjectionsConfig load(Map<String, String> env) {
        return ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), env));
    }
}
