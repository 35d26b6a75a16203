package io.shepherd.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shepherd.config.Setting;
import io.shepherd.config.Settings;

/**
 * Configuration of the alert router. Webhook URLs, the PagerDuty routing key and the rollback HMAC key are secrets:
 * environment only, never logged.
 */
public record AlertRouterConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        int httpPort,
        String httpAddress,
        Optional<String> slackWebhookUrl,
        Optional<String> pagerDutyRoutingKey,
        String pagerDutyEventsUrl,
        Optional<String> rollbackHmacKey,
        String rollbackHmacKeyId,
        boolean rollbackDryRun,
        String kibanaUrl,
        String groupId,
        Optional<Path> routingFile,
        Duration rollbackCooldown,
        int rollbackMaxPerDay,
        String instanceId,
        Duration notifyMaxRetryWait) {

    /** The {@code instance.id} that turns static group membership off. */
    public static final String NO_INSTANCE_ID = "none";

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("http.port", "8090", "port of the silences API, health and metrics"),
            Setting.of("http.address", "0.0.0.0", "address the HTTP server binds to"),
            Setting.secret("slack.webhook.url", "Slack incoming webhook for warnings"),
            Setting.secret("pagerduty.routing.key", "PagerDuty Events API v2 integration key"),
            Setting.of("pagerduty.events.url", "https://events.pagerduty.com/v2/enqueue", "PagerDuty Events API v2 endpoint"),
            Setting.secret("rollback.hmac.key", "HMAC-SHA256 key that signs rollback commands"),
            Setting.of("rollback.hmac.key-id", "k1", "id of the signing key, so consumers can rotate keys"),
            Setting.of("rollback.dry-run", "false", "record the rollbacks that would be issued without issuing them"),
            Setting.of("kibana.url", "http://127.0.0.1:5601", "base URL of Kibana, for links in notifications"),
            Setting.of("group.id", "shepherd-alert-router", "Kafka consumer group of the router instances"),
            Setting.of("routing.file", "", "routing tree YAML (receivers, routes, inhibit rules, model labels); empty means the bundled default"),
            Setting.of("rollback.cooldown", "PT1H", "minimum time between two automatic rollbacks of one model (ISO-8601)"),
            Setting.of("rollback.max-per-day", "3", "most automatic rollbacks of one model within 24 hours"),
            Setting.of("instance.id", "", "static member id of this instance in the consumer group (group.instance.id), so a restarted instance"
                    + " takes its partitions back at once; empty means <hostname>-<http.port>, 'none' means no static membership"),
            Setting.of("notify.max-retry-wait", "PT60S", "longest wait between two attempts of a failing notification, whatever"
                    + " a receiver's Retry-After asks for (ISO-8601)"));

    public static AlertRouterConfig from(Settings settings) {
        return new AlertRouterConfig(
                settings.get("kafka.bootstrap.servers"),
                settings.get("schema.registry.url"),
                settings.getInt("http.port"),
                settings.get("http.address"),
                settings.find("slack.webhook.url"),
                settings.find("pagerduty.routing.key"),
                settings.get("pagerduty.events.url"),
                settings.find("rollback.hmac.key"),
                settings.get("rollback.hmac.key-id"),
                settings.getBoolean("rollback.dry-run"),
                settings.get("kibana.url"),
                settings.get("group.id"),
                settings.find("routing.file").filter(f -> !f.isBlank()).map(Path::of),
                Duration.parse(settings.get("rollback.cooldown")),
                settings.getInt("rollback.max-per-day"),
                settings.find("instance.id").orElse(""),
                Duration.parse(settings.get("notify.max-retry-wait")));
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "AlertRouterConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl + ", httpPort=" + httpPort + ", httpAddress=" + httpAddress
                + ", slack=" + (slackWebhookUrl.isPresent() ? "set" : "unset") + ", pagerDuty=" + (pagerDutyRoutingKey.isPresent() ? "set" : "unset")
                + ", pagerDutyEventsUrl=" + pagerDutyEventsUrl + ", rollbackHmacKey=" + (rollbackHmacKey.isPresent() ? "set" : "unset")
                + ", rollbackHmacKeyId=" + rollbackHmacKeyId + ", rollbackDryRun=" + rollbackDryRun + ", kibanaUrl=" + kibanaUrl
                + ", groupId=" + groupId + ", routingFile=" + routingFile.map(Path::toString).orElse("(bundled)")
                + ", rollbackCooldown=" + rollbackCooldown + ", rollbackMaxPerDay=" + rollbackMaxPerDay
                + ", instanceId=" + (instanceId.isBlank() ? "(hostname-port)" : instanceId) + ", notifyMaxRetryWait=" + notifyMaxRetryWait + "]";
    }
}
