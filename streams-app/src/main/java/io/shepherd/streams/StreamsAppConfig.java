package io.shepherd.streams;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;

import io.shepherd.config.Setting;
import io.shepherd.config.Settings;

/** Configuration of the streams app, bound from a file and SHEPHERD_* environment variables. */
public record StreamsAppConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String applicationId,
        String processingGuarantee,
        Path stateDir,
        int streamThreads,
        long commitIntervalMs,
        Optional<Path> policyFile) {

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("kafka.bootstrap.servers", "127.0.0.1:9092", "Kafka brokers to read events from and write scores to"),
            Setting.of("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7", "Confluent-compatible schema registry"),
            Setting.of("application.id", "shepherd-streams", "Kafka Streams application id; instances with the same id share the work"),
            Setting.of("processing.guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once"),
            Setting.of("state.dir", ".shepherd/streams-state", "where RocksDB state stores live"),
            Setting.of("stream.threads", "1", "stream threads per instance (one per core at most)"),
            Setting.of("commit.interval.ms", "100", "how often state is committed; bounds the latency of exactly-once output"),
            Setting.of("policy.file", "", "JSON file of per-model monitoring policies; empty for the built-in defaults"));

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
        // Never wait for empty input partitions (predictions or reference rows of a model may not exist): windows use the
        // event time in each record with a grace period, not the order across topics, and Kafka Streams 4.4 spends a
        // tenth of a busy task's time checking empty partitions on every record otherwise.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        return props;
    }

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
                settings.find("policy.file").filter(s -> !s.isBlank()).map(Path::of));
    }
}
