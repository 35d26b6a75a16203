package io.shepherd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;
import io.shepherd.contract.TopicDefinition;
import io.shepherd.contract.Topics;
import io.shepherd.projections.ProjectionsConfig;
import io.shepherd.streams.StreamsAppConfig;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against the project's real configuration:
 * the topic plan, the settings each service declares, the versions the build uses, and the ports of the local stack.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of(System.getProperty("shepherd.repo.root", "../.."));
    private static final Map<String, List<Setting>> SERVICES = Map.of(
            "streams-app", StreamsAppConfig.SETTINGS,
            "alert-router", AlertRouterConfig.SETTINGS,
            "projections", ProjectionsConfig.SETTINGS);
    private static final Pattern CREATE = Pattern.compile("^\\s*create (\\S+) (\\d+)((?: --config \\S+)*)\\s*$", Pattern.MULTILINE);

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void hasTheInfrastructureAndTheThreeShepherdServices() {
        assertThat(services).containsKeys("kafka", "topics", "schema-registry", "elasticsearch", "kibana",
                "streams-app", "alert-router", "projections");
    }

    @Test
    void imagesUseTheVersionsTheBuildUses() {
        String kafka = System.getProperty("kafka.version");
        String elasticsearch = System.getProperty("elasticsearch.version");

        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + kafka);
        assertThat(services.get("topics").get("image")).isEqualTo("apache/kafka:" + kafka);
        assertThat(services.get("elasticsearch").get("image")).isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + elasticsearch);
        assertThat(services.get("kibana").get("image")).isEqualTo("docker.elastic.co/kibana/kibana:" + elasticsearch);
    }

    @Test
    void topicsServiceCreatesExactlyTheContractsTopics() {
        String script = String.join("\n", list(services.get("topics").get("command")));
        Map<String, String> created = new TreeMap<>();
        Matcher m = CREATE.matcher(script);
        while (m.find()) {
            created.put(m.group(1), m.group(2) + configs(m.group(3)));
        }

        Map<String, String> expected = new TreeMap<>();
        for (TopicDefinition topic : Topics.ALL) {
            expected.put(topic.name(), topic.partitions() + new TreeMap<>(topic.configs()).toString());
        }
        assertThat(created).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    void serviceEnvironmentUsesOnlyDeclaredSettingsAndGivesEveryRequiredOne(String service) {
        Map<String, String> env = environment(service);
        Map<String, Setting> declared = SERVICES.get(service).stream().collect(Collectors.toMap(Setting::envName, s -> s));

        assertThat(env.keySet()).as("SHEPHERD_ variables of %s", service)
                .allSatisfy(name -> assertThat(declared).as("%s declares %s", service, name).containsKey(name));
        assertThat(env.keySet()).containsAll(SERVICES.get(service).stream().filter(Setting::required).map(Setting::envName).toList());
        assertThat(env).containsKeys("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", "SHEPHERD_SCHEMA_REGISTRY_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    void secretsAreTakenFromTheShellNeverWrittenIntoTheFile(String service) {
        Map<String, String> env = environment(service);
        for (Setting secret : SERVICES.get(service).stream().filter(Setting::secret).toList()) {
            if (env.containsKey(secret.envName())) {
                assertThat(env.get(secret.envName())).as(secret.envName()).startsWith("${" + secret.envName());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    void connectionSettingsPointAtTheComposeServicesAndTheirPorts(String service) {
        Map<String, String> env = environment(service);
        String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");

        assertThat(advertised).contains("PLAINTEXT://" + env.get("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS"));
        URI registry = URI.create(env.get("SHEPHERD_SCHEMA_REGISTRY_URL"));
        assertThat(services).containsKey(registry.getHost());
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        if (env.containsKey("SHEPHERD_ELASTICSEARCH_URL")) {
            URI es = URI.create(env.get("SHEPHERD_ELASTICSEARCH_URL"));
            assertThat(es.getHost()).isEqualTo("elasticsearch");
            assertThat(list(services.get("elasticsearch").get("ports"))).contains("9200:" + es.getPort());
        }
    }

    @Test
    void publishedPortsMatchTheLocalStackAndTheServicesHttpPorts() {
        assertThat(list(services.get("kafka").get("ports"))).containsExactly("9092:9092");
        assertThat(list(services.get("schema-registry").get("ports"))).containsExactly("8081:8081");
        assertThat(list(services.get("elasticsearch").get("ports"))).containsExactly("9200:9200");
        assertThat(list(services.get("kibana").get("ports"))).containsExactly("5601:5601");
        for (String service : List.of("streams-app", "alert-router", "projections")) {
            String port = SERVICES.get(service).stream().filter(s -> s.key().equals("http.port")).findFirst().orElseThrow().defaultValue();
            assertThat(environment(service).get("SHEPHERD_HTTP_PORT")).isEqualTo(port);
            assertThat(list(services.get(service).get("ports"))).containsExactly(port + ":" + port);
        }
    }

    @Test
    void alertRouterBindsEveryInterfaceOnlyWithASilencesTokenFromTheShell() {
        Map<String, String> env = environment("alert-router");
        assertThat(env.get("SHEPHERD_SILENCES_TOKENS")).startsWith("${SHEPHERD_SILENCES_TOKENS:?");

        Map<String, String> shell = new LinkedHashMap<>(env);
        shell.replaceAll((k, v) -> v.startsWith("${") ? "" : v);
        shell.put("SHEPHERD_SILENCES_TOKENS", "ops:some-token");
        shell.put("SHEPHERD_ROLLBACK_HMAC_KEY", "some-key");
        AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(), shell));
        assertThat(config.httpAddress()).isEqualTo("0.0.0.0");
        assertThat(config.silencesAccess().credentials().enabled()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams-app", "alert-router", "projections"})
    @SuppressWarnings("unchecked")
    void servicesAreBuiltFromTheirOwnModule(String service) {
        Map<String, Object> build = (Map<String, Object>) services.get(service).get("build");

        assertThat(ROOT.resolve((String) build.get("dockerfile"))).isRegularFile();
        String module = (String) ((Map<String, Object>) build.get("args")).get("MODULE");
        assertThat(module).isEqualTo(service);
        assertThat(ROOT.resolve(module).resolve("pom.xml")).isRegularFile();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        Map<String, String> values = new LinkedHashMap<>();
        ((Map<String, Object>) env).forEach((k, v) -> values.put(k, String.valueOf(v)));
        if (!service.equals("kafka") && !service.equals("schema-registry") && SERVICES.containsKey(service)) {
            values.keySet().removeIf(k -> !k.startsWith(Setting.ENV_PREFIX));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>((List<String>) l) : new ArrayList<>(List.of(String.valueOf(value)));
    }

    private static String configs(String flags) {
        Map<String, String> configs = new TreeMap<>();
        for (String flag : flags.trim().split("\\s*--config\\s+")) {
            if (!flag.isBlank()) {
                String[] kv = flag.strip().split("=", 2);
                configs.put(kv[0], kv[1]);
            }
        }
        return configs.toString();
    }

}
