package io.shepherd.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.config.Settings;

/** The state of a run that did not close is deleted at the next start under exactly-once, and kept otherwise. */
class CrashMarkerTest {

    @Test
    void aStartAfterARunThatDidNotCloseDeletesItsStoresUnderExactlyOnce(@TempDir Path dir) throws Exception {
        StreamsAppConfig config = config(dir, "exactly_once_v2");
        Path task = dir.resolve("crash-app").resolve("0_0");
        Files.createDirectories(task);
        Files.writeString(task.resolve("store"), "stores written by a run killed with SIGKILL");
        Path marker = dir.resolve("crash-app" + StreamsApp.RUNNING_SUFFIX);

        // First start: no marker, so no crash; the stores stay and the marker is written.
        try (KafkaStreams streams = streams(config)) {
            assertThat(StreamsApp.forgetStateOfACrash(config, streams)).isEqualTo(marker);
        }
        assertThat(task.resolve("store")).exists();
        assertThat(marker).exists();
        // The marker is still there (the run never closed): the next start deletes the stores.
        try (KafkaStreams streams = streams(config)) {
            StreamsApp.forgetStateOfACrash(config, streams);
        }
        assertThat(task).doesNotExist();
        assertThat(marker).exists();
    }

    @Test
    void atLeastOnceKeepsTheStoresOfACrashForTheirCheckpoints(@TempDir Path dir) throws Exception {
        StreamsAppConfig config = config(dir, "at_least_once");
        Path task = dir.resolve("crash-app").resolve("0_0");
        Files.createDirectories(task);
        Files.writeString(task.resolve(".checkpoint"), "0");
        Files.writeString(dir.resolve("crash-app" + StreamsApp.RUNNING_SUFFIX), "");

        try (KafkaStreams streams = streams(config)) {
            StreamsApp.forgetStateOfACrash(config, streams);
        }
        assertThat(task.resolve(".checkpoint")).exists();
    }

    private static KafkaStreams streams(StreamsAppConfig config) {
        // With a persistent store, as the app has: Kafka Streams looks after the state directory only then.
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()),
                org.apache.kafka.streams.kstream.Materialized.as("table"));
        return new KafkaStreams(builder.build(), config.streamsProperties());
    }

    private static StreamsAppConfig config(Path dir, String guarantee) {
        return StreamsAppConfig.from(Settings.load(StreamsAppConfig.SETTINGS, Optional.empty(), Map.of(
                "SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9", "SHEPHERD_SCHEMA_REGISTRY_URL", "http://127.0.0.1:9",
                "SHEPHERD_APPLICATION_ID", "crash-app", "SHEPHERD_STATE_DIR", dir.toString(), "SHEPHERD_PROCESSING_GUARANTEE", guarantee)));
    }
}
