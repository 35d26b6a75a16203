package io.shepherd.streams.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs one Kafka Streams app in this JVM from the earliest offset until its consumer group has committed the end
 * offsets of the input topic, timing it three ways: from {@code start()}, from the state RUNNING, and from the first
 * commit seen (steady state: startup, group join and task initialisation excluded).
 */
final class AppRun {

    private static final long POLL_MS = 50;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** Timings of one run; {@code steadyRecords} were processed in {@code steadySeconds}. */
    record Timing(String name, long records, double totalSeconds, double runningSeconds, long steadyRecords, double steadySeconds,
                  double streamThreadCpuSeconds, double processCpuSeconds, ThreadTime threadTime) {

        double steadyRate() {
            return steadyRecords / steadySeconds;
        }

        double totalRate() {
            return records / totalSeconds;
        }
    }

    /**
     * Where the stream thread's time went, from its own metrics (ratios over the last metrics windows, about the
     * last minute): polling, processing, committing, and blocked on the network in total (poll, flush, commit).
     */
    record ThreadTime(double poll, double process, double commit, double blockedSeconds) {

        static ThreadTime of(KafkaStreams streams) {
            Map<String, Double> values = new HashMap<>();
            for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
                if (m.getKey().group().equals("stream-thread-metrics") && m.getValue().metricValue() instanceof Number n) {
                    values.merge(m.getKey().name(), n.doubleValue(), Double::sum);
                }
            }
            return new ThreadTime(values.getOrDefault("poll-ratio", Double.NaN), values.getOrDefault("process-ratio", Double.NaN),
                    values.getOrDefault("commit-ratio", Double.NaN), values.getOrDefault("blocked-time-ns-total", Double.NaN) / 1e9);
        }
    }

    private AppRun() {
    }

    static Timing run(String name, Admin admin, Topology topology, Properties props, Map<TopicPartition, Long> endOffsets) {
        String group = props.getProperty("application.id");
        long records = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        AtomicLong runningAt = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long processCpuAtStart = processCpuNanos();
        KafkaStreams streams = new KafkaStreams(topology, props);
        try {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt.compareAndSet(0, System.nanoTime());
                }
            });
            streams.setUncaughtExceptionHandler(e -> {
                failure.set(e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            long firstCommitAt = 0;
            long firstCommitted = 0;
            while (true) {
                if (failure.get() != null) {
                    throw new IllegalStateException(name + " failed", failure.get());
                }
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    throw new IllegalStateException(name + " did not catch up within " + TIMEOUT);
                }
                long committed = committed(admin, group, endOffsets);
                long now = System.nanoTime();
                if (committed > 0 && firstCommitAt == 0) {
                    firstCommitAt = now;
                    firstCommitted = committed;
                }
                if (committed >= records) {
                    long from = runningAt.get() == 0 ? started : runningAt.get();
                    // If the first commit seen was already the last, there is no steady phase: fall back to RUNNING.
                    boolean steady = firstCommitted < records;
                    return new Timing(name, records, seconds(now - started), seconds(now - from),
                            steady ? records - firstCommitted : records, seconds(now - (steady ? firstCommitAt : from)),
                            seconds(streamThreadCpuNanos(group)), seconds(processCpuNanos() - processCpuAtStart), ThreadTime.of(streams));
                }
                sleep(POLL_MS);
            }
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
    }

    /** Sum of the group's committed offsets over the given partitions (0 for a partition without a commit). */
    static long committed(Admin admin, String group, Map<TopicPartition, Long> endOffsets) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long sum = 0;
            for (TopicPartition tp : endOffsets.keySet()) {
                OffsetAndMetadata o = offsets.get(tp);
                sum += o == null ? 0 : o.offset();
            }
            return sum;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /** CPU time of this app's stream threads ({@code <client id>-StreamThread-<n>}), whose client id starts with the app id. */
    private static long streamThreadCpuNanos(String appId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(appId) && info.getThreadName().matches(".*-StreamThread-\\d+")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** CPU time of the whole JVM: the stream thread, the client network threads, and the broker. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Path freshStateDir(Path root, String appId) throws IOException {
        Path dir = root.resolve(appId);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
