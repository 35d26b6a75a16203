package io.shepherd.stack;

import io.shepherd.contract.TopicDefinition;
import io.shepherd.contract.Topics;
import io.shepherd.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    private final LocalStack stack;

    LocalStackIT(LocalStack stack) {
        this.stack = stack;
    }

    @Test
    void elasticsearchStoppedAndStartedAgainKeepsItsPortAndItsData() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ElasticNode.findJdk21().isPresent(), "Elasticsearch needs a JDK 21+");
        String url = stack.elasticsearch().httpUrl();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest put = HttpRequest.newBuilder(URI.create(url + "/it-restart/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"survives\":true}")).build();
        assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 201);

        stack.stopElasticsearch();
        assertThat(stack.elasticsearchUrl()).isEmpty();
        assertThat(LocalStack.isFree(URI.create(url).getPort())).isTrue();

        assertThat(stack.elasticsearch().httpUrl()).isEqualTo(url);
        HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/it-restart/_doc/1")).GET().build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).body()).contains("\"survives\":true");
    }

    @Test
    void createsEveryContractTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        Set<String> names = Topics.ALL.stream().map(TopicDefinition::name).collect(Collectors.toSet());
        try (Admin admin = admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

            for (TopicDefinition topic : Topics.ALL) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                topic.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
            }
        }
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = "local-stack-it.exactly-once";
        stack.createTopics(List.of(new TopicDefinition(topic, 1, Map.of(), "string", "test")));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-stack-it",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(readCommitted(topic, "committed")).containsExactly("committed");
    }

    @Test
    void registryAssignsIdsAndRejectsBackwardIncompatibleSchemas() throws Exception {
        String subject = stack.registryUrl() + "/subjects/local-stack-it-value/versions";
        String v1 = "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        String v2NewFieldWithoutDefault = "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"int\"}]}";

        HttpResponse<String> first = register(subject, v1);
        HttpResponse<String> incompatible = register(subject, v2NewFieldWithoutDefault);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).matches("\\{\\s*\"id\"\\s*:\\s*\\d+\\s*}");
        assertThat(incompatible.statusCode()).isEqualTo(409);
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void launcherStartsPrintsWhereEverythingListensAndLeavesNoProcessBehind() throws Exception {
        Path dataDir = Path.of("target", "local-stack-main-it").toAbsolutePath();
        int kafkaPort = LocalStack.freePort();
        int registryPort = LocalStack.freePort();
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(), "--exit-after-start").redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "SHEPHERD_DATA_DIR", dataDir.toString(),
                "SHEPHERD_KAFKA_PORT", Integer.toString(kafkaPort),
                "SHEPHERD_CONTROLLER_PORT", "0",
                "SHEPHERD_REGISTRY_PORT", Integer.toString(registryPort),
                "SHEPHERD_ES_ENABLED", "false"));
        Process launcher = builder.start();

        List<String> output = new ArrayList<>();
        Set<Long> children = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.contains("child pids")) {
                    launcher.descendants().forEach(p -> children.add(p.pid()));
                    children.addAll(pids(line));
                }
            }
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        String printed = String.join("\n", output);
        System.out.println("launcher output:\n" + printed);

        assertThat(launcher.exitValue()).as(printed).isZero();
        assertThat(printed).contains("bootstrap.servers  127.0.0.1:" + kafkaPort)
                .contains("schema.registry.url            http://127.0.0.1:" + registryPort + "/apis/ccompat/v7")
                .contains(Topics.PREDICTIONS)
                .contains("stopped");
        assertThat(children).as("child processes seen while the stack ran").isNotEmpty();
        assertThat(children).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty());
    }

    private static List<Long> pids(String line) {
        Matcher m = Pattern.compile("\\d+").matcher(line.substring(line.indexOf('[')));
        List<Long> pids = new ArrayList<>();
        while (m.find()) {
            pids.add(Long.parseLong(m.group()));
        }
        return pids;
    }

    private List<String> readCommitted(String topic, String until) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!values.contains(until) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
            }
            return values;
        }
    }

    private static HttpResponse<String> register(String url, String schema) throws Exception {
        String body = "{\"schema\":" + quote(schema) + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String json) {
        Function<String, String> escape = s -> s.replace("\\", "\\\\").replace("\"", "\\\"");
        return "\"" + escape.apply(json) + "\"";
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
