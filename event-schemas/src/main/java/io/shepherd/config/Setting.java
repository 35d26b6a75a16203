package io.shepherd.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key of a Shepherd service: its dotted name, the environment variable that overrides it, its
 * default (null when it must be given), and whether it is a secret (read only from the environment, never printed).
 */
public record Setting(String key, String defaultValue, boolean secret, String description) {

    public static final String ENV_PREFIX = "SHEPHERD_";

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
    }

    public static Setting of(String key, String defaultValue, String description) {
        return new Setting(key, defaultValue, false, description);
    }

    public static Setting required(String key, String description) {
        return new Setting(key, null, false, description);
    }

    /** A secret has no default and is taken from the environment only, so it never sits in a config file. */
    public static Setting secret(String key, String description) {
        return new Setting(key, null, true, description);
    }

    public boolean required() {
        return defaultValue == null && !secret;
    }

    /** kafka.bootstrap.servers -> SHEPHERD_KAFKA_BOOTSTRAP_SERVERS */
    public String envName() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
