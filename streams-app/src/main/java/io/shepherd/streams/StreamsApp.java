package io.shepherd.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.config.Settings;
import io.shepherd.contract.KafkaAccessCheck;
import io.shepherd.contract.KafkaAcls;
import io.shepherd.monitoring.HttpEndpoints;
import io.shepherd.monitoring.KafkaMetricsText;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.streams.monitoring.StreamsHealth;
import io.shepherd.streams.policy.PolicyBook;

/** Runs the streams app: builds the topology from configuration, starts Kafka Streams, stops it cleanly on shutdown. */
public final class StreamsApp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /** Silence is a matter of minutes; looking every 10 s costs nothing and dates NO_DATA within 10 s. */
    private static final Duration WALL_CLOCK_CHECK = Duration.ofSeconds(10);

    private StreamsApp() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.fromEnvironment(StreamsAppConfig.SETTINGS));
        StreamsHealth health = new StreamsHealth();
        KafkaStreams streams = start(config, health);
        HttpEndpoints endpoints = monitoring(config, streams, health);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            endpoints.close();
            stopped.countDown();
        }, "shepherd-streams-shutdown"));
        stopped.await();
    }

    /**
     * Health and metrics over HTTP, open as operators expect: {@code /health/liveness}, {@code /health/readiness}
     * ({@link StreamsHealth}) and {@code /metrics} (Kafka Streams' metrics, Shepherd's sensors among them, in the
     * Prometheus text format).
     */
    public static HttpEndpoints monitoring(StreamsAppConfig config, KafkaStreams streams, StreamsHealth health) throws IOException {
        HttpEndpoints endpoints = new HttpEndpoints(config.httpBind(), config.httpPort(), Map.of(
                "/health/liveness", () -> health.liveness(streams),
                "/health/readiness", () -> health.readiness(streams),
                "/metrics", () -> HttpEndpoints.Response.prometheus(KafkaMetricsText.render("kafka", streams.metrics()) + health.metrics())));
        LOG.info("health and metrics on http://{}:{}/ (health/liveness, health/readiness, metrics)", config.httpBind(), endpoints.port());
        return endpoints;
    }

    /** The topology of the whole app for a configuration; tests and benchmarks run the same one. */
    public static Topology topology(StreamsAppConfig config) {
        PolicyBook book = config.policyFile().map(PolicyBook::load).orElseGet(PolicyBook::withDefaultsOnly);
        Map<String, Object> serdeConfig = AvroSerdeConfig.configFor(config.schemaRegistryUrl(), config.registryClient());
        return AppTopology.build(config.applicationId(), serdeConfig, book, WALL_CLOCK_CHECK, config.pending(), config.versionClock());
    }

    /**
     * Refuses to start without the ACLs the app needs on its topics ({@link KafkaAcls#streamsApp}), naming each
     * missing operation and topic: otherwise a missing Read stalls silently and a missing Write fails later.
     */
    static void checkAcls(StreamsAppConfig config) {
        KafkaAccessCheck.require(config.adminProperties(), KafkaAcls.streamsApp("the streams app's principal", config.applicationId()));
    }

    /**
     * A failed thread (for example the schema registry down past its retries) is replaced and resumes from the last
     * commit, so nothing is skipped; the failure is logged every time. A missing ACL is not going to heal by a retry:
     * the app stops at once, saying which operation on which resource it lacks (liveness says so too).
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadFailure(Throwable e, StreamsHealth health) {
        Optional<String> missing = KafkaAccessCheck.authorizationFailure(e);
        if (missing.isPresent()) {
            String reason = "the streams app's principal lacks " + missing.get() + " (grant it as ops/kafka-acls.md shows)";
            LOG.error("{}; stopping", reason, e);
            health.failed(reason);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("stream thread failed; replacing it and resuming from the last commit", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    public static KafkaStreams start(StreamsAppConfig config) {
        return start(config, new StreamsHealth());
    }

    /** @param health told of every state store restoration (readiness waits for them) and of a failure that stops the app */
    public static KafkaStreams start(StreamsAppConfig config, StreamsHealth health) {
        LOG.info("starting {} against {} ({})", config.applicationId(), config.bootstrapServers(), config.processingGuarantee());
        checkAcls(config);
        KafkaStreams streams = new KafkaStreams(topology(config), config.streamsProperties());
        Path running = forgetStateOfACrash(config, streams);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING) {
                deleteQuietly(running);
            }
        });
        streams.setGlobalStateRestoreListener(health);
        streams.setUncaughtExceptionHandler(e -> onThreadFailure(e, health));
        streams.start();
        return streams;
    }

    /**
     * Beside the instance's state directory ({@code <state.dir>/<application.id>.running}) while it runs; found at a
     * start, it says the last run did not close. Outside the directory, which {@link KafkaStreams#cleanUp} empties.
     */
    static final String RUNNING_SUFFIX = ".running";

    /**
     * Under exactly-once, the local stores of an instance that died without closing (kill -9, a lost machine) have no
     * checkpoint, and Kafka Streams wipes them task by task (about 0.2 s each) before restoring them from the
     * changelogs: deleting the instance's state directory at once ({@link KafkaStreams#cleanUp}) restores the same
     * state sooner. A clean close leaves its checkpoints, and the marker is gone, so the state is reused. Under
     * at-least-once the stores of a crash are kept: Kafka Streams restores from their last checkpoint.
     *
     * @return the marker, written for this run
     */
    static Path forgetStateOfACrash(StreamsAppConfig config, KafkaStreams streams) {
        Path dir = config.stateDir().resolve(config.applicationId());
        Path running = config.stateDir().resolve(config.applicationId() + RUNNING_SUFFIX);
        if (Files.exists(running) && !config.processingGuarantee().equals(StreamsConfig.AT_LEAST_ONCE)) {
            LOG.info("the last run in {} did not close: its stores have no checkpoint, deleting them before restoring from the changelogs",
                    dir);
            streams.cleanUp();
        }
        try {
            Files.createDirectories(config.stateDir());
            Files.writeString(running, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + running, e);
        }
        return running;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: the next start will take the stores for a crash's and restore them", file, e);
        }
    }
}
