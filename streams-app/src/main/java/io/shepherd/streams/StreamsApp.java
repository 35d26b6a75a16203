package io.shepherd.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.config.Settings;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.streams.policy.PolicyBook;

/** Runs the streams app: builds the topology from configuration, starts Kafka Streams, stops it cleanly on shutdown. */
public final class StreamsApp {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /** Silence is a matter of minutes; looking every 10 s costs nothing and dates NO_DATA within 10 s. */
    private static final Duration WALL_CLOCK_CHECK = Duration.ofSeconds(10);

    private StreamsApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.fromEnvironment(StreamsAppConfig.SETTINGS));
        KafkaStreams streams = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "shepherd-streams-shutdown"));
        stopped.await();
    }

    /** The topology of the whole app for a configuration; tests and benchmarks run the same one. */
    public static Topology topology(StreamsAppConfig config) {
        PolicyBook book = config.policyFile().map(PolicyBook::load).orElseGet(PolicyBook::withDefaultsOnly);
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, config.schemaRegistryUrl());
        return AppTopology.build(config.applicationId(), serdeConfig, book, WALL_CLOCK_CHECK, config.pending(), config.versionClock());
    }

    public static KafkaStreams start(StreamsAppConfig config) {
        LOG.info("starting {} against {} ({})", config.applicationId(), config.bootstrapServers(), config.processingGuarantee());
        KafkaStreams streams = new KafkaStreams(topology(config), config.streamsProperties());
        // A failed thread (for example the schema registry down past its retries) is replaced and resumes from the
        // last commit, so nothing is skipped; the failure is logged every time.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it and resuming from the last commit", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return streams;
    }
}
