package io.shepherd.systembench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.streams.StreamsAppConfig;

/**
 * The baseline of the system benchmarks, run as a child JVM like the streams app: a Kafka Streams app that copies the
 * three serving topics as bytes to topics of its own, with the streams app's settings (the same environment, guarantee,
 * commit interval, compression, one stream thread). What the broker, the clients and the JVM cost without Shepherd's work.
 */
public final class IdentityApp {

    static final List<String> INPUTS = List.of(Topics.PREDICTIONS, Topics.FEATURES, Topics.OUTCOMES);

    private IdentityApp() {
    }

    static String outputOf(String input) {
        return "bench.identity." + input;
    }

    static Topology topology() {
        Topology topology = new Topology();
        for (String input : INPUTS) {
            topology.addSource("source-" + input, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
            topology.addSink("sink-" + input, outputOf(input), new ByteArraySerializer(), new ByteArraySerializer(), "source-" + input);
        }
        return topology;
    }

    public static void main(String[] args) throws InterruptedException {
        StreamsAppConfig config = StreamsAppConfig.from(Settings.fromEnvironment(StreamsAppConfig.SETTINGS));
        KafkaStreams streams = new KafkaStreams(topology(), config.streamsProperties());
        CountDownLatch stopped = new CountDownLatch(1);
        // A failed baseline must end the process, so the benchmark reports it instead of waiting for it.
        streams.setUncaughtExceptionHandler(e -> {
            e.printStackTrace();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                new Thread(() -> System.exit(1), "identity-failed").start();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "identity-shutdown"));
        streams.start();
        stopped.await();
    }
}
