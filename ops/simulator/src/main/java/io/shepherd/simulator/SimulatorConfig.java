package io.shepherd.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;

/**
 * Configuration of the simulator, bound like the services' (defaults, SHEPHERD_CONFIG_FILE, SHEPHERD_* env). The
 * rollback key is the router's, a secret: environment only, never printed.
 *
 * @param rateScale multiplies every model's request rate
 */
public record SimulatorConfig(String bootstrapServers, String schemaRegistryUrl, String scenario, double rateScale, long seed,
                              boolean publishPolicies, Optional<String> rollbackHmacKey, KafkaClientSettings kafkaClient,
                              io.shepherd.config.RegistryClientSettings registryClient) {

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("simulator.scenario", "demo", "scenario to run: demo, sudden-failure, abrupt-shift, gradual-drift, new-category, "
                    + "embedding-rotation, accuracy-decay, latency-spike, silent-model, canary-worse"),
            Setting.of("simulator.rate-scale", "1.0", "multiplies every model's request rate (fraud-scorer and eta-regressor 60/s, recs-ranker 30/s)"),
            Setting.of("simulator.seed", "42", "seed of the random draws; the same seed repeats a run's traffic"),
            Setting.of("simulator.publish-policies", "true", "publish the demo policy (10 s windows) of each model to shepherd.policies"),
            Setting.secret("rollback.hmac.key", "HMAC-SHA256 key the alert router signs rollback commands with"));

    public SimulatorConfig {
        if (!(rateScale > 0)) {
            throw new Settings.ConfigurationException("simulator.rate-scale must be positive, got " + rateScale);
        }
    }

    public static SimulatorConfig from(Settings settings) {
        return new SimulatorConfig(settings.get("kafka.bootstrap.servers"), settings.get("schema.registry.url"),
                settings.get("simulator.scenario"), Double.parseDouble(settings.get("simulator.rate-scale")),
                settings.getLong("simulator.seed"), settings.getBoolean("simulator.publish-policies"),
                settings.find("rollback.hmac.key").filter(k -> !k.isBlank()), settings.kafkaClient(), settings.registryClient());
    }

    /** The serdes' configuration: the registry's URL and its client properties (TLS trust store, basic auth). */
    public java.util.Map<String, Object> serdeConfig() {
        return io.shepherd.serde.AvroSerdeConfig.configFor(schemaRegistryUrl, registryClient);
    }

    public Optional<byte[]> rollbackKey() {
        return rollbackHmacKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SimulatorConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl + ", scenario=" + scenario
                + ", rateScale=" + rateScale + ", seed=" + seed + ", publishPolicies=" + publishPolicies
                + ", rollbackHmacKey=" + (rollbackHmacKey.isPresent() ? "set" : "unset") + ", kafkaClient=" + kafkaClient.describe() + "]";
    }
}
