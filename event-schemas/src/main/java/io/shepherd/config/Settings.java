package io.shepherd.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The resolved configuration of one service: each declared {@link Setting} from, in rising precedence, its default,
 * an optional properties file, and the {@code SHEPHERD_*} environment. Unknown keys in the file are an error, so a
 * typo never silently falls back to a default; secrets in the file are an error too. Keys {@code kafka.*} that the
 * service does not declare (and {@code SHEPHERD_KAFKA_*} variables) are Kafka client properties, passed through to its
 * clients ({@link KafkaClientSettings}); keys {@code schema.registry.*} it does not declare (and
 * {@code SHEPHERD_SCHEMA_REGISTRY_*} variables) go to its schema registry clients, with Confluent's names (TLS trust
 * store, basic auth). Secret-valued ones only from the environment.
 */
public final class Settings {

    private final Map<String, Setting> declared;
    private final Map<String, String> values;
    private final KafkaClientSettings kafkaClient;
    private final RegistryClientSettings registryClient;

    private Settings(Map<String, Setting> declared, Map<String, String> values, KafkaClientSettings kafkaClient,
                     Map<String, String> registryClient) {
        this.declared = declared;
        this.values = values;
        this.kafkaClient = kafkaClient;
        this.registryClient = new RegistryClientSettings(registryClient);
    }

    /** Loads the settings of a service from an optional file and the given environment. */
    public static Settings load(List<Setting> settings, Optional<Path> file, Map<String, String> env) {
        Map<String, Setting> declared = new LinkedHashMap<>();
        settings.forEach(s -> declared.put(s.key(), s));
        Map<String, String> values = new LinkedHashMap<>();
        settings.stream().filter(s -> s.defaultValue() != null).forEach(s -> values.put(s.key(), s.defaultValue()));
        Map<String, String> kafkaClient = new TreeMap<>();
        Map<String, String> registryClient = new TreeMap<>();
        file.ifPresent(path -> values.putAll(readFile(path, declared, kafkaClient, registryClient)));
        for (Setting setting : settings) {
            String fromEnv = env.get(setting.envName());
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(setting.key(), fromEnv.strip());
            }
        }
        Set<String> declaredEnv = settings.stream().map(Setting::envName).collect(Collectors.toSet());
        env.forEach((name, value) -> {
            if (declaredEnv.contains(name) || value == null || value.isBlank()) {
                return;
            }
            if (name.startsWith(Setting.ENV_PREFIX + "KAFKA_")) {
                kafkaClient.put(KafkaClientSettings.propertyOfEnv(name), value.strip());
            } else if (name.startsWith(Setting.ENV_PREFIX + "SCHEMA_REGISTRY_")) {
                registryClient.put(name.substring(Setting.ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value.strip());
            }
        });
        List<String> missing = settings.stream().filter(Setting::required).filter(s -> !values.containsKey(s.key()))
                .map(s -> s.key() + " (" + s.envName() + ")").toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("missing required settings: " + String.join(", ", missing));
        }
        return new Settings(declared, values, new KafkaClientSettings(kafkaClient), registryClient);
    }

    /**
     * The schema registry client properties to pass to the service's serdes, by their full Confluent names
     * ({@code schema.registry.ssl.truststore.location}, {@code schema.registry.basic.auth.user.info}, ...).
     */
    public RegistryClientSettings registryClient() {
        return registryClient;
    }

    /** The Kafka client properties to pass through to every client of the service. */
    public KafkaClientSettings kafkaClient() {
        return kafkaClient;
    }

    /** The service's settings from {@code SHEPHERD_CONFIG_FILE} (if set) and the process environment. */
    public static Settings fromEnvironment(List<Setting> settings) {
        Map<String, String> env = System.getenv();
        Optional<Path> file = Optional.ofNullable(env.get(Setting.ENV_PREFIX + "CONFIG_FILE")).filter(s -> !s.isBlank()).map(Path::of);
        return load(settings, file, env);
    }

    public String get(String key) {
        return find(key).orElseThrow(() -> new ConfigurationException(key + " is not set (" + setting(key).envName() + ")"));
    }

    public Optional<String> find(String key) {
        setting(key);
        return Optional.ofNullable(values.get(key));
    }

    public int getInt(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, got '" + value + "'");
        }
    }

    public long getLong(String key) {
        String value = get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, got '" + value + "'");
        }
    }

    public boolean getBoolean(String key) {
        String value = get(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigurationException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** Every value for a startup log line, with secrets masked. */
    public String describe() {
        String own = declared.values().stream()
                .map(s -> s.key() + "=" + (s.secret() ? (values.containsKey(s.key()) ? "<set>" : "<unset>") : values.getOrDefault(s.key(), "<unset>")))
                .collect(Collectors.joining(", "));
        String registry = registryClient.describe();
        return own + (kafkaClient.properties().isEmpty() ? "" : ", " + kafkaClient.describe()) + (registry.isEmpty() ? "" : ", " + registry);
    }

    @Override
    public String toString() {
        return "Settings[" + describe() + "]";
    }

    private Setting setting(String key) {
        Setting setting = declared.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("setting " + key + " is not declared by this service");
        }
        return setting;
    }

    private static Map<String, String> readFile(Path path, Map<String, Setting> declared, Map<String, String> kafkaClient,
                                                Map<String, String> registryClient) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            Setting setting = declared.get(key);
            if (setting == null && key.startsWith(KafkaClientSettings.PREFIX)) {
                String property = key.substring(KafkaClientSettings.PREFIX.length());
                if (KafkaClientSettings.isSecret(property)) {
                    problems.add("'" + key + "' is a secret: set it in the environment as " + Setting.ENV_PREFIX + "KAFKA_"
                            + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ", not in a file");
                } else {
                    kafkaClient.put(property, properties.getProperty(key).strip());
                }
            } else if (setting == null && key.startsWith(RegistryClientSettings.PREFIX)) {
                if (RegistryClientSettings.isSecret(key)) {
                    problems.add("'" + key + "' is a secret: set it in the environment as " + Setting.ENV_PREFIX
                            + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ", not in a file");
                } else {
                    registryClient.put(key, properties.getProperty(key).strip());
                }
            } else if (setting == null) {
                problems.add("unknown setting '" + key + "'");
            } else if (setting.secret()) {
                problems.add("'" + key + "' is a secret: set it in the environment as " + setting.envName() + ", not in a file");
            } else {
                values.put(key, properties.getProperty(key).strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("config file " + path + ": " + String.join("; ", problems));
        }
        return values;
    }

    /** A setting is missing or malformed; the message names the setting and its environment variable. */
    public static final class ConfigurationException extends RuntimeException {
        public ConfigurationException(String message) {
            super(message);
        }
    }
}
