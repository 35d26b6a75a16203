package io.shepherd.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings, read from the same keys as Confluent's Avro serdes so that existing client configs work unchanged:
 * {@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version}, {@code specific.avro.reader},
 * {@code key.subject.name.strategy}, {@code value.subject.name.strategy}, {@code basic.auth.user.info}. Retry settings
 * for an unreachable registry are Shepherd's own ({@code shepherd.registry.retry.*}).
 */
public record AvroSerdeConfig(
        List<String> registryUrls,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        boolean specificAvroReader,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy,
        Optional<String> basicAuthUserInfo,
        RetryPolicy retry,
        Duration requestTimeout,
        Optional<TrustStore> trustStore) {

    /**
     * Certificates to trust for an https registry (a private CA), as Confluent's keys name them.
     *
     * @param type JKS, PKCS12 or PEM (a file of certificates)
     */
    public record TrustStore(java.nio.file.Path location, String type, Optional<String> password) {

        @Override
        public String toString() {
            return "TrustStore[" + location + " (" + type + ")" + (password.isPresent() ? ", password set" : "") + "]";
        }
    }

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String RETRY_MAX_ATTEMPTS = "shepherd.registry.retry.max.attempts";
    public static final String RETRY_BACKOFF_MS = "shepherd.registry.retry.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "shepherd.registry.retry.max.backoff.ms";
    public static final String REQUEST_TIMEOUT_MS = "shepherd.registry.request.timeout.ms";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

    /** A serde configuration for a registry URL with the client properties passed through (TLS, basic auth). */
    public static Map<String, Object> configFor(String url, io.shepherd.config.RegistryClientSettings registryClient) {
        Map<String, Object> config = new java.util.HashMap<>(registryClient.properties());
        config.put(SCHEMA_REGISTRY_URL, url);
        return Map.copyOf(config);
    }

    public AvroSerdeConfig {
        registryUrls = List.copyOf(registryUrls);
        if (registryUrls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required");
        }
    }

    /** Settings for a registry at one URL, with the defaults of Confluent's serdes. */
    public static AvroSerdeConfig forUrl(String url) {
        return from(Map.of(SCHEMA_REGISTRY_URL, url));
    }

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required (for example http://127.0.0.1:8081/apis/ccompat/v7)");
        }
        List<String> urls = Arrays.stream(url.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        RetryPolicy retry = new RetryPolicy(
                intValue(configs, RETRY_MAX_ATTEMPTS, RetryPolicy.DEFAULT.maxAttempts()),
                Duration.ofMillis(intValue(configs, RETRY_BACKOFF_MS, (int) RetryPolicy.DEFAULT.initialBackoff().toMillis())),
                Duration.ofMillis(intValue(configs, RETRY_MAX_BACKOFF_MS, (int) RetryPolicy.DEFAULT.maxBackoff().toMillis())));
        Object userInfo = configs.containsKey(BASIC_AUTH_USER_INFO) ? configs.get(BASIC_AUTH_USER_INFO)
                : configs.get("schema.registry." + BASIC_AUTH_USER_INFO);
        Object source = configs.containsKey(BASIC_AUTH_CREDENTIALS_SOURCE) ? configs.get(BASIC_AUTH_CREDENTIALS_SOURCE)
                : configs.get("schema.registry." + BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source != null && source.toString().equalsIgnoreCase("URL")) {
            // Confluent's URL source: the user info of the (first) registry URL, which is then dropped from the URLs.
            userInfo = java.net.URI.create(urls.get(0)).getUserInfo();
            urls = urls.stream().map(AvroSerdeConfig::withoutUserInfo).toList();
        } else if (source != null && !source.toString().equalsIgnoreCase("USER_INFO")) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + " must be USER_INFO or URL, got " + source);
        }
        Optional<TrustStore> trustStore = Optional.ofNullable(configs.get(TRUSTSTORE_LOCATION)).map(Object::toString)
                .filter(s -> !s.isBlank()).map(location -> new TrustStore(java.nio.file.Path.of(location),
                        Optional.ofNullable(configs.get(TRUSTSTORE_TYPE)).map(Object::toString).filter(t -> !t.isBlank()).orElse("JKS"),
                        Optional.ofNullable(configs.get(TRUSTSTORE_PASSWORD)).map(Object::toString).filter(p -> !p.isBlank())));
        return new AvroSerdeConfig(urls,
                booleanValue(configs, AUTO_REGISTER_SCHEMAS, true),
                booleanValue(configs, USE_LATEST_VERSION, false),
                booleanValue(configs, SPECIFIC_AVRO_READER, false),
                strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
                strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
                Optional.ofNullable(userInfo).map(Object::toString).filter(s -> !s.isBlank()),
                retry,
                Duration.ofMillis(intValue(configs, REQUEST_TIMEOUT_MS, 10_000)),
                trustStore);
    }

    private static String withoutUserInfo(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "");
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    /** Never prints the credentials. */
    @Override
    public String toString() {
        return "AvroSerdeConfig[registryUrls=" + registryUrls + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", useLatestVersion=" + useLatestVersion + ", specificAvroReader=" + specificAvroReader
                + ", keySubjectNameStrategy=" + keySubjectNameStrategy + ", valueSubjectNameStrategy=" + valueSubjectNameStrategy
                + ", basicAuth=" + (basicAuthUserInfo.isPresent() ? "set" : "none") + ", retry=" + retry
                + trustStore.map(t -> ", trustStore=" + t).orElse("") + "]";
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null ? SubjectNameStrategy.TOPIC_NAME : SubjectNameStrategy.parse(value.toString());
    }

    private static boolean booleanValue(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new ConfigException(key, value, "expected true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private static int intValue(Map<String, ?> configs, String key, int defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }
}
