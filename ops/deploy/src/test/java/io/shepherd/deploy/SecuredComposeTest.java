package io.shepherd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.config.KafkaClientSettings;
import io.shepherd.config.Settings;
import io.shepherd.contract.KafkaAcls;
import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.streams.StreamsAppConfig;

/**
 * The secured profile ({@code docker compose -f docker-compose.yml -f ops/compose/secured.yml}) checked as compose
 * would merge it: the broker takes SASL_SSL and authorizes by ACL, each service connects under its own user with
 * security settings its configuration accepts and passwords only from the shell, and the setup grants exactly the ACLs
 * of {@link KafkaAcls} (the source of ops/kafka-acls.md).
 */
class SecuredComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("shepherd.repo.root", "../.."));
    private static final Map<String, String> USERS = Map.of("streams-app", "shepherd-streams", "alert-router", "shepherd-alert-router",
            "projections", "shepherd-projections");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]*}");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void merge() throws IOException {
        Map<String, Object> base = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> secured = new Yaml().load(Files.readString(ROOT.resolve("ops/compose/secured.yml")));
        services = (Map<String, Map<String, Object>>) (Object) merged(base, secured).get("services");
    }

    @Test
    void theBrokerTakesSaslSslOnlyOnTheListenersTheServicesAndTheHostUseAndAuthorizesByAcl() {
        Map<String, String> kafka = environment("kafka");

        assertThat(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("EXTERNAL:SASL_SSL", "SECURED:SASL_SSL");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("SECURED://kafka:9094", "EXTERNAL://localhost:9092");
        assertThat(kafka.get("KAFKA_AUTHORIZER_CLASS_NAME")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(kafka.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).isEqualTo("false");
        assertThat(kafka.get("KAFKA_SUPER_USERS")).isEqualTo("User:ANONYMOUS");
        assertThat(kafka.get("KAFKA_SSL_KEYSTORE_PASSWORD")).startsWith("${SHEPHERD_KAFKA_TLS_PASSWORD:?");
        assertThat(list(services.get("kafka").get("ports"))).as("the plaintext listener is not published").containsExactly("9092:9092");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSetupGrantsEachServiceUserExactlyItsAcls() {
        String script = String.join("\n", list(services.get("kafka-acls").get("command"))).replace("$$", "$");
        StringBuilder granted = new StringBuilder();
        Matcher command = Pattern.compile("(?m)^\\$A --allow-principal(?:[^\\n]*\\\\\\n)*[^\\n]*$").matcher(script);
        while (command.find()) {
            granted.append(command.group()).append('\n');
        }

        String expected = KafkaAcls.streamsApp("User:shepherd-streams", "shepherd-streams").commands()
                + KafkaAcls.alertRouter("User:shepherd-alert-router", "shepherd-alert-router").commands()
                + KafkaAcls.projections("User:shepherd-projections", "shepherd-projections").commands();
        assertThat(granted.toString()).isEqualTo(expected);
        USERS.values().forEach(user -> assertThat(script).contains("user " + user + " "));
        assertThat((Map<String, Object>) services.get("kafka-acls").get("depends_on")).containsKey("topics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    @SuppressWarnings("unchecked")
    void eachServiceConnectsUnderItsOwnUserWithPasswordsFromTheShell(String service) {
        Map<String, String> env = environment(service);

        assertThat(env.get("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9094");
        assertThat(env.get("SHEPHERD_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(env.get("SHEPHERD_KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        assertThat(env.get("SHEPHERD_KAFKA_SASL_JAAS_CONFIG")).contains("username=\"" + USERS.get(service) + "\"")
                .containsPattern("password=\"\\$\\{SHEPHERD_[A-Z]+_KAFKA_PASSWORD:\\?");
        assertThat(env.get("SHEPHERD_KAFKA_SSL_TRUSTSTORE_PASSWORD")).startsWith("${SHEPHERD_KAFKA_TLS_PASSWORD:?");
        assertThat(list(services.get(service).get("volumes"))).contains("kafka-certs:/certs:ro");
        assertThat((Map<String, Object>) services.get(service).get("depends_on")).containsKey("kafka-acls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    void eachServicesConfigurationTakesTheSecuritySettingsAndHidesTheSecrets(String service) {
        Map<String, String> shell = new HashMap<>();
        environment(service).forEach((k, v) -> shell.put(k, interpolate(v)));
        shell.put("SHEPHERD_SILENCES_TOKENS", "ops:token");
        shell.put("SHEPHERD_ROLLBACK_HMAC_KEY", "key");

        KafkaClientSettings kafka = switch (service) {
            case "streams-app" -> {
                StreamsAppConfig config = StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), shell));
                Properties props = config.streamsProperties();
                assertThat(props.getProperty("security.protocol")).isEqualTo("SASL_SSL");
                assertThat(props.getProperty("ssl.truststore.location")).isEqualTo("/certs/truststore.p12");
                assertThat(config.toString()).doesNotContain("from-the-shell");
                yield Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), shell).kafkaClient();
            }
            case "alert-router" -> {
                assertThat(AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), shell)).toString())
                        .doesNotContain("from-the-shell");
                yield Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), shell).kafkaClient();
            }
            default -> {
                assertThat(ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), shell)).toString())
                        .doesNotContain("from-the-shell");
                yield Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), shell).kafkaClient();
            }
        };
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config");
        assertThat(kafka.describe()).doesNotContain("from-the-shell");
    }

    /** A shell that sets every required variable: {@code ${NAME:?message}} becomes a value no log may show. */
    private static String interpolate(String value) {
        return INTERPOLATION.matcher(value).replaceAll("from-the-shell");
    }

    /** Compose's merge of an override file: maps merge key by key, lists append (without repeats), scalars replace. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object old = out.get(key);
            if (old instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
                out.put(key, merged((Map<String, Object>) a, (Map<String, Object>) b));
            } else if (old instanceof List<?> a && value instanceof List<?> b && !key.equals("command") && !key.equals("entrypoint")) {
                List<Object> both = new ArrayList<>(a);
                b.stream().filter(v -> !both.contains(v)).forEach(both::add);
                out.put(key, both);
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, String> values = new LinkedHashMap<>();
        ((Map<String, Object>) services.get(service).get("environment")).forEach((k, v) -> values.put(k, String.valueOf(v)));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>(List.of(String.valueOf(value)));
    }
}
