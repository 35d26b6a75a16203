package io.shepherd.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kafka client properties passed through to every producer, consumer, admin client and Kafka Streams instance of a
 * service: keys {@code kafka.<client property>} in the config file or {@code SHEPHERD_KAFKA_<PROPERTY>} in the
 * environment (for example {@code kafka.security.protocol=SASL_SSL}, {@code SHEPHERD_KAFKA_SASL_JAAS_CONFIG}). This is
 * how a service reaches a secured cluster: SASL, TLS, client ids, timeouts. Secret-valued properties (JAAS
 * configurations, passwords, keys) are taken from the environment only and never printed.
 *
 * @param properties client property name (without {@code kafka.}) to value
 */
public record KafkaClientSettings(Map<String, String> properties) {

    public static final String PREFIX = "kafka.";
    public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

    public KafkaClientSettings {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Whether a client property holds a secret: JAAS configurations, passwords, private keys and credentials. */
    public static boolean isSecret(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        return p.equals("sasl.jaas.config") || p.contains("password") || p.startsWith("ssl.key") || p.contains("secret")
                || p.contains("credentials") || p.endsWith(".token") || p.contains("private.key");
    }

    /** The client property a {@code SHEPHERD_KAFKA_*} variable names: its rest, lower case, dots for underscores. */
    public static String propertyOfEnv(String envName) {
        return envName.substring((Setting.ENV_PREFIX + "KAFKA_").length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Puts the properties into a client's configuration, over what the service set itself. */
    public <M extends Map<? super String, Object>> M applyTo(M config) {
        config.putAll(properties);
        return config;
    }

    /** A client's configuration for these brokers with these properties: what an admin client of the service needs. */
    public Map<String, Object> clientProperties(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return applyTo(config);
    }

    /** For a startup log line: secrets masked. */
    public String describe() {
        return properties.entrySet().stream()
                .map(e -> PREFIX + e.getKey() + "=" + (isSecret(e.getKey()) ? "<set>" : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[" + describe() + "]";
    }
}
