package io.shepherd.alerting;

import static org.assertj.core.api.Assertions.assertThat;

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
}
