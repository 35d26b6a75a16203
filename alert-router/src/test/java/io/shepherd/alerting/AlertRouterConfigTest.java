package io.shepherd.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shepherd.config.Settings;

class AlertRouterConfigTest {

    @Test
    void secretsComeFromTheEnvironmentAndNeverShowInToString() {
        AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/s3cr3t",
                "SHEPHERD_PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY",
                "SHEPHERD_ROLLBACK_HMAC_KEY", "hmac-key-material")));

        assertThat(config.slackWebhookUrl()).contains("https://hooks.slack.com/services/T0/B0/s3cr3t");
        assertThat(config.pagerDutyRoutingKey()).contains("R0UT1NGKEY");
        assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("R0UT1NGKEY").doesNotContain("hmac-key-material");
    }

    @Test
    void withoutSecretsTheReceiversAreUnsetAndDefaultsApply() {
        AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), Map.of()));

        assertThat(config.slackWebhookUrl()).isEmpty();
        assertThat(config.pagerDutyEventsUrl()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(config.httpPort()).isEqualTo(8090);
        assertThat(config.rollbackDryRun()).isFalse();
        assertThat(config.instanceId()).as("derived from hostname and port").isEmpty();
        assertThat(config.notifyMaxRetryWait()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void withoutASilencesCredentialTheServerBindsLoopbackAndRefusesAnyOtherAddress() {
        assertThat(config(Map.of()).httpAddress()).isEqualTo("127.0.0.1");
        assertThat(config(Map.of("SHEPHERD_HTTP_ADDRESS", "::1")).httpAddress()).isEqualTo("::1");
        assertThatThrownBy(() -> config(Map.of("SHEPHERD_HTTP_ADDRESS", "0.0.0.0")))
                .isInstanceOf(Settings.ConfigurationException.class)
                .hasMessageContaining("SHEPHERD_HTTP_ADDRESS").hasMessageContaining("SHEPHERD_SILENCES_TOKENS");
    }

    @Test
    void withASilencesCredentialTheServerBindsEveryInterfaceAndTheTokensNeverShow() {
        AlertRouterConfig config = config(Map.of("SHEPHERD_SILENCES_TOKENS", "ops:t0ken-1,ops:t0ken-2", "SHEPHERD_SILENCES_USERS", "ana:passw0rd"));

        assertThat(config.httpAddress()).isEqualTo("0.0.0.0");
        assertThat(config.silencesAccess().credentials().enabled()).isTrue();
        assertThat(config.silencesAccess().readsOpen()).isFalse();
        assertThat(config.toString()).contains("silences=tokens[ops] read-tokens[] users[ana]")
                .doesNotContain("t0ken").doesNotContain("passw0rd");
        assertThat(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), Map.of("SHEPHERD_SILENCES_TOKENS", "ops:t0ken-1"))
                .describe()).contains("silences.tokens=<set>").doesNotContain("t0ken");
        assertThatThrownBy(() -> config(Map.of("SHEPHERD_SILENCES_TOKENS", "t0ken-without-name")))
                .isInstanceOf(Settings.ConfigurationException.class).hasMessageContaining("SHEPHERD_SILENCES_TOKENS")
                .hasMessageNotContaining("t0ken");
    }

    private static AlertRouterConfig config(Map<String, String> env) {
        return AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), env));
    }
}
