package io.shepherd.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.config.Setting;
import io.shepherd.config.Settings;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.window.VersionClock;

/** Configuration of the streams app, bound from a file and SHEPHERD_* environment variables. */
public record StreamsAppConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String applicationId,
        String processingGuarantee,
        Path stateDir,
        int streamThreads,
        long commitIntervalMs,
        Optional<Path> policyFile,
        PendingSettings pending,
        VersionClock versionClock,
        String httpBind,
        int httpPort,
        String outputCompression,
        KafkaClientSettings kafkaClient,
        io.shepherd.config.RegistryClientSettings registryClient,
        Optional<String> instanceId,
        int standbyReplicas) {

    /** A configuration of a dynamic member without standby replicas. */
    public StreamsAppConfig(String bootstrapServers, String schemaRegistryUrl, String applicationId, String processingGuarantee,
                            Path stateDir, int streamThreads, long commitIntervalMs, Optional<Path> policyFile, PendingSettings pending,
                            VersionClock versionClock, String httpBind, int httpPort, String outputCompression,
                            KafkaClientSettings kafkaClient, io.shepherd.config.RegistryClientSettings registryClient) {
        this(bootstrapServers, schemaRegistryUrl, applicationId, processingGuarantee, stateDir, streamThreads, commitIntervalMs,
                policyFile, pending, versionClock, httpBind, httpPort, outputCompression, kafkaClient, registryClient, Optional.empty(), 0);
    }

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers to read events from and write scores to"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("application.id", "shepherd-streams", "Kafka Streams application id; instances with the same id share the work"),
            Setting.of("processing.guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once"),
            Setting.of("state.dir", ".shepherd/streams-state", "where RocksDB state stores live"),
            Setting.of("stream.threads", "1", "stream threads per instance (one per core at most)"),
            Setting.of("commit.interval.ms", "100", "how often state is committed; bounds the latency of exactly-once output"),
            Setting.of("policy.file", "", "JSON file of per-model monitoring policies; empty for the built-in defaults"),
            Setting.of("pending.max.wait.ms", "300000", "how long (event time) features and predictions of a version no lifecycle"
                    + " event has deployed yet wait for it before they are dead-lettered UNKNOWN_MODEL"),
            Setting.of("pending.max.held", "10000", "records of versions not deployed yet held per task at most; beyond it the"
                    + " oldest is dead-lettered UNKNOWN_MODEL"),
            Setting.of("version.max.lag.ms", "3600000", "how far (event time) a model version may fall behind the latest event"
                    + " time of its partition: within it, its windows and lateness follow its own events (a backfill loses"
                    + " nothing); beyond it, its windows close and its older events are dead-lettered LATE"),
            Setting.of("input.idle.ms", "30000", "how long (wall clock) one input of a model version (its features, its predictions,"
                    + " the labels) may send nothing before the others alone move the version's time: until then the version's"
                    + " windows wait for the input furthest behind, which a catching-up task fetches more slowly"),
            Setting.of("http.bind", "0.0.0.0", "address of the health and metrics endpoints (open, like every exporter's)"),
            Setting.of("http.port", "8092", "port of /health/liveness, /health/readiness and /metrics (Prometheus text)"),
            Setting.of("instance.id", "none", "a stable name of this instance (a StatefulSet pod's name, a host name) to be a static"
                    + " member of the group: restarted with the same name after a crash it gets its tasks back at once, instead of after"
                    + " the dead member's session timeout (session.timeout.ms, 45 s); none for a dynamic member"),
            Setting.of("standby.replicas", "0", "warm copies of each task's state on other instances (num.standby.replicas): an"
                    + " instance holding one takes the task over after a crash without restoring it (BENCHMARKS.md)"),
            Setting.of("output.compression", "lz4", "compression of everything the app writes (none, gzip, snappy, lz4, zstd); a"
                    + " consumer in another language needs the codec (kafkajs: an LZ4 codec package, or set none)"));

    /** Kafka Streams properties: exactly-once by default, every internal resource named explicitly. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // The global lifecycle and policy processors catch and log their own failures; this only opts in early.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Process a task's partitions in timestamp order and wait for a partition that still has lag (KIP-695). Every
        // clock two inputs feed is the earliest of them (InputClocks), which keeps a version's windows open for its
        // features while its predictions run ahead within a task; but a task that starts on a backlog would still read a
        // whole fetch of predictions before its first feature record, and close their windows on the predictions alone
        // (with -1, 7-8 thousand features dead-lettered LATE in the whole-system benchmark). It costs throughput: Kafka
        // Streams formats a log line for every partition with nothing buffered before every record (BENCHMARKS.md).
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.producerPrefix("compression.type"), outputCompression);
        // Kafka Streams gives each stream thread's consumer this id with the thread's index appended.
        instanceId.ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        // A model version's drift state (one digest per feature) is one record of the panes and references changelogs:
        // about 1.4 MB with 1,000 features, over Kafka's 1 MB default, which failed the stream thread on every commit.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_STATE_RECORD_BYTES);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), MAX_STATE_RECORD_BYTES);
        // Security (SASL, TLS) and any other client property, for the producer, consumers and admin client alike.
        kafkaClient.applyTo(props);
        return props;
    }

    /** An admin client's properties: the same cluster and security settings as the app's own clients. */
    public Map<String, Object> adminProperties() {
        return kafkaClient.clientProperties(bootstrapServers);
    }

    /** Largest record of the app's changelogs: the drift state of a model version with about 10,000 features. */
    public static final int MAX_STATE_RECORD_BYTES = 16 * 1024 * 1024;

    public static StreamsAppConfig from(Settings settings) {
        String guarantee = settings.get("processing.guarantee");
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new Settings.ConfigurationException("processing.guarantee must be exactly_once_v2 or at_least_once, got '" + guarantee + "'");
        }
        return new StreamsAppConfig(
                settings.get("kafka.bootstrap.servers"),
                settings.get("schema.registry.url"),
                settings.get("application.id"),
                guarantee,
                Path.of(settings.get("state.dir")),
                settings.getInt("stream.threads"),
                settings.getLong("commit.interval.ms"),
                settings.find("policy.file").filter(s -> !s.isBlank()).map(Path::of),
                new PendingSettings(Duration.ofMillis(settings.getLong("pending.max.wait.ms")), settings.getInt("pending.max.held")),
                new VersionClock(Duration.ofMillis(settings.getLong("version.max.lag.ms")),
                        Duration.ofMillis(settings.getLong("input.idle.ms"))),
                settings.get("http.bind"),
                settings.getInt("http.port"),
                settings.get("output.compression"),
                settings.kafkaClient(),
                settings.registryClient(),
                settings.find("instance.id").map(String::strip).filter(id -> !id.isEmpty() && !id.equals("none")),
                settings.getInt("standby.replicas"));
    }
}
