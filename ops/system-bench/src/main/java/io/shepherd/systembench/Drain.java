package io.shepherd.systembench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.kafka.common.TopicPartition;

import io.shepherd.simulator.demo.ChildService;
import io.shepherd.stack.LocalStack;

/**
 * Time for child JVMs to work through a backlog: from their start until the first of them has committed every input
 * record and {@code downstreamDone} holds (checked twice in a row, so work it triggered has landed too). "Steady" time
 * starts at the first commit seen, which leaves out JVM start, group join and task set-up.
 *
 * @param records       input records
 * @param steadyRecords records committed after the first commit seen, in {@code steadySeconds}
 * @param memory        of the first child, read when it was done
 * @param lateRate      records per second over the second half of the steady time: what the JVM does once warm, for
 *                      sizing a longer run (the steady rate of a short run is mostly warm-up)
 */
record Drain(long records, double totalSeconds, long steadyRecords, double steadySeconds, ProcessMemory memory, double lateRate) {

    private static final long POLL_MS = 200;

    /** A child JVM ended before the backlog was done (for example on OutOfMemoryError with -XX:+ExitOnOutOfMemoryError). */
    static final class ChildExited extends IllegalStateException {

        final ChildService child;

        ChildExited(ChildService child) {
            super(child.name() + " exited before the backlog was done; its log: " + child.log());
            this.child = child;
        }
    }

    double totalRate() {
        return records / totalSeconds;
    }

    double steadyRate() {
        return steadyRecords / steadySeconds;
    }

    /**
     * Starts one Kafka Streams app (the streams app or the identity app) as a child JVM on the stack, with a fresh
     * application id and state folder, and times it through the backlog of {@code ends}; stops it afterwards.
     */
    static Drain streamsApp(LocalStack stack, Progress progress, String childName, String classpath, String mainClass, String appId,
                            Path stateDir, List<String> jvmOptions, Map<TopicPartition, Long> ends, Path logDir, Duration timeout)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SHEPHERD_KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("SHEPHERD_SCHEMA_REGISTRY_URL", stack.registryUrl());
        env.put("SHEPHERD_APPLICATION_ID", appId);
        env.put("SHEPHERD_STATE_DIR", stateDir.toString());
        // Health and metrics on any free loopback port: the default one may be taken on this machine.
        env.put("SHEPHERD_HTTP_PORT", "0");
        env.put("SHEPHERD_HTTP_BIND", "127.0.0.1");
        long records = ends.values().stream().mapToLong(Long::longValue).sum();
        long started = System.nanoTime();
        try (ChildService child = ChildService.start(childName, classpath, mainClass, jvmOptions, env, logDir)) {
            return await(List.of(child), started, () -> progress.committed(appId, ends.keySet()), records, () -> true, timeout);
        }
    }

    static Drain await(List<ChildService> children, long startedNanos, LongSupplier committedInputs, long records,
                       BooleanSupplier downstreamDone, Duration timeout) throws InterruptedException {
        long firstCommitAt = 0;
        long firstCommitted = 0;
        long doneAt = 0;
        List<long[]> samples = new ArrayList<>();  // {nanos, committed} from the first commit on
        while (true) {
            for (ChildService child : children) {
                if (!child.alive()) {
                    throw new ChildExited(child);
                }
            }
            long now = System.nanoTime();
            if (now - startedNanos > timeout.toNanos()) {
                throw new IllegalStateException("the backlog was not done after " + timeout + "; logs: "
                        + children.stream().map(c -> c.log().toString()).toList());
            }
            long committed = committedInputs.getAsLong();
            if (committed > 0 && firstCommitAt == 0) {
                firstCommitAt = now;
                firstCommitted = committed;
            }
            if (firstCommitAt != 0) {
                samples.add(new long[] {now, committed});
            }
            boolean done = committed >= records && downstreamDone.getAsBoolean();
            if (done && doneAt != 0) {
                ProcessMemory memory = ProcessMemory.of(children.get(0).pid());
                // No steady phase if the first commit seen was already the last: fall back to the whole run.
                boolean steady = firstCommitted < records;
                long steadyRecords = steady ? records - firstCommitted : records;
                double steadySeconds = seconds(doneAt - (steady ? firstCommitAt : startedNanos));
                return new Drain(records, seconds(doneAt - startedNanos), steadyRecords, steadySeconds, memory,
                        steady ? lateRate(samples, firstCommitAt, doneAt, records) : steadyRecords / steadySeconds);
            }
            doneAt = done ? now : 0;
            Thread.sleep(POLL_MS);
        }
    }

    /** Rate from the last sample at or before the middle of the steady time to the end. */
    static double lateRate(List<long[]> samples, long firstCommitAt, long doneAt, long records) {
        long middle = firstCommitAt + (doneAt - firstCommitAt) / 2;
        long[] from = samples.get(0);
        for (long[] sample : samples) {
            if (sample[0] <= middle) {
                from = sample;
            }
        }
        return (records - from[1]) / seconds(doneAt - from[0]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
