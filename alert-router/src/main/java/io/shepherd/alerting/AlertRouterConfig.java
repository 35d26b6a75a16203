package io.shepherd.alerting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.alerting.access.Credentials;
import io.shepherd.alerting.access.SilencesAccess;
import io.shepherd.config.KafkaClientSettings;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;
import io.shepherd.config.Settings.ConfigurationException;

/**
 * Configuration of the alert router. Webhook URLs, the PagerDuty routing key, the rollback HMAC key and the silences
 * API's tokens and passwords are secrets: environment only, never logged. Without a silences credential the HTTP
 * server binds loopback only, and refuses to start when told to bind anything else.
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
        Duration notifyMaxRetryWait,
        SilencesAccess silencesAccess,
        KafkaClientSettings kafkaClient,
        io.shepherd.config.RegistryClientSettings registryClient) {

    /** The {@code instance.id} that turns static group membership off. */
    public static final String NO_INSTANCE_ID = "none";

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("http.port", "8090", "port of the silences API, health and metrics"),
            Setting.of("http.address", "", "address the HTTP server binds to; empty means 0.0.0.0 when a silences credential"
                    + " is set, else 127.0.0.1. A non-loopback address without a credential is refused at startup"),
            Setting.secret("silences.tokens", "bearer tokens of the silences API, name:token,... (a name may have several,"
                    + " for rotation); the name is recorded as the author of each write"),
            Setting.secret("silences.read-tokens", "bearer tokens that may only read silences, name:token,..."),
            Setting.secret("silences.users", "basic-auth users of the silences API, user:password,..."),
            Setting.of("silences.reads-open", "false", "let anyone list and read silences; writes still need a credential"),
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
        SilencesAccess access = silencesAccess(settings);
        return new AlertRouterConfig(
                settings.get("kafka.bootstrap.servers"),
                settings.get("schema.registry.url"),
                settings.getInt("http.port"),
                httpAddress(settings, access),
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
                Duration.parse(settings.get("notify.max-retry-wait")),
                access,
                settings.kafkaClient(),
                settings.registryClient());
    }

    /** The serdes' configuration: the registry's URL and its client properties (TLS trust store, basic auth). */
    public Map<String, Object> serdeConfig() {
        return AvroSerdeConfig.configFor(schemaRegistryUrl, registryClient);
    }

    private static SilencesAccess silencesAccess(Settings settings) {
        List<String> keys = List.of("silences.tokens", "silences.read-tokens", "silences.users");
        List<String> names = SETTINGS.stream().filter(s -> keys.contains(s.key())).map(s -> s.key() + " (" + s.envName() + ")").toList();
        try {
            return new SilencesAccess(Credentials.parse(settings.find(keys.get(0)), settings.find(keys.get(1)),
                    settings.find(keys.get(2)), names), settings.getBoolean("silences.reads-open"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private static String httpAddress(Settings settings, SilencesAccess access) {
        String address = settings.find("http.address").filter(a -> !a.isBlank())
                .orElse(access.credentials().enabled() ? "0.0.0.0" : "127.0.0.1");
        if (!access.credentials().enabled() && !loopback(address)) {
            throw new ConfigurationException("http.address (SHEPHERD_HTTP_ADDRESS) is " + address + ", beyond loopback, but no"
                    + " credential protects the silences API: set silences.tokens (SHEPHERD_SILENCES_TOKENS) or silences.users"
                    + " (SHEPHERD_SILENCES_USERS), or bind 127.0.0.1");
        }
        return address;
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("http.address (SHEPHERD_HTTP_ADDRESS) does not resolve: " + address);
        }
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
                + ", instanceId=" + (instanceId.isBlank() ? "(hostname-port)" : instanceId) + ", notifyMaxRetryWait=" + notifyMaxRetryWait
                + ", silences=" + silencesAccess.credentials().describe() + (silencesAccess.readsOpen() ? " (reads open)" : "")
                + ", kafkaClient=" + kafkaClient.describe() + "]";
    }
}
