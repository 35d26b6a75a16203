package io.shepherd.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Schema registry client properties passed through to a service's serdes under Confluent's names
 * ({@code schema.registry.ssl.truststore.location}, {@code schema.registry.basic.auth.user.info}, ...), from
 * {@code schema.registry.*} keys of the config file or {@code SHEPHERD_SCHEMA_REGISTRY_*} variables. Passwords and
 * user info come from the environment only and are never printed.
 */
public record RegistryClientSettings(Map<String, String> properties) {

    public static final String PREFIX = "schema.registry.";
    public static final RegistryClientSettings NONE = new RegistryClientSettings(Map.of());

    public RegistryClientSettings {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A property holding a secret: a password or basic-auth user info. */
    public static boolean isSecret(String key) {
        return key.contains("password") || key.contains("user.info") || key.contains("secret");
    }

    public String describe() {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "<set>" : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "RegistryClientSettings[" + describe() + "]";
    }
}
