package io.shepherd.streams.monitoring;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.monitoring.HttpEndpoints;

/**
 * Whether the streams app is alive (a probe should restart it otherwise) and ready (it processes live input, so its
 * windows and alerts are current). Alive while Kafka Streams neither failed nor shut down and a stream thread runs
 * (a failed thread is replaced and does not count against it). Ready when RUNNING with no state store being restored:
 * after a restart or a rebalance an instance rebuilding its state from the changelog is alive but not ready. Listens to
 * restoration through Kafka Streams' public {@link StateRestoreListener}.
 */
public final class StreamsHealth implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsHealth.class);

    private static final Set<KafkaStreams.State> DOWN = Set.of(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR,
            KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

    /** Records each store partition still has to restore, by "store topic-partition". */
    private final Map<String, Long> restoring = new ConcurrentHashMap<>();
    /** When each store partition's restoration started ({@link System#nanoTime}), by "store topic-partition". */
    private final Map<String, Long> restoreStarted = new ConcurrentHashMap<>();
    /** Why the app stopped itself, when it did (a missing ACL). */
    private volatile String failure;

    /** Alive: not failed or shut down, and a stream thread still running (or none started yet). */
    public static boolean alive(KafkaStreams.State state, List<String> threadStates) {
        if (DOWN.contains(state)) {
            return false;
        }
        return state == KafkaStreams.State.CREATED || threadStates.stream().anyMatch(t -> !t.equals("DEAD") && !t.equals("PENDING_SHUTDOWN"));
    }

    /** Ready: RUNNING, with nothing left to restore. */
    public static boolean ready(KafkaStreams.State state, int restoringPartitions) {
        return state == KafkaStreams.State.RUNNING && restoringPartitions == 0;
    }

    public HttpEndpoints.Response liveness(KafkaStreams streams) {
        List<String> threads = streams.metadataForLocalThreads().stream().map(t -> t.threadState()).toList();
        String why = failure == null ? "" : ",\"failure\":\"" + failure.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return HttpEndpoints.Response.json(alive(streams.state(), threads), "{\"status\":\"" + (alive(streams.state(), threads) ? "UP" : "DOWN")
                + "\",\"state\":\"" + streams.state() + "\",\"threads\":" + threads.stream().map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(",", "[", "]")) + why + "}\n");
    }

    /** The app stopped itself for this reason; liveness says it. */
    public void failed(String reason) {
        failure = reason;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public HttpEndpoints.Response readiness(KafkaStreams streams) {
        boolean ready = ready(streams.state(), restoring.size());
        return HttpEndpoints.Response.json(ready, "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\",\"state\":\"" + streams.state()
                + "\",\"restoringPartitions\":" + restoring.size() + ",\"recordsToRestore\":" + recordsToRestore() + "}\n");
    }

    /** Shepherd's own gauges, to go with Kafka Streams' metrics. */
    public String metrics() {
        return "# HELP shepherd_streams_restoring_partitions State store partitions being restored from their changelog.\n"
                + "# TYPE shepherd_streams_restoring_partitions gauge\n"
                + "shepherd_streams_restoring_partitions " + restoring.size() + "\n"
                + "# HELP shepherd_streams_records_to_restore Changelog records still to restore.\n"
                + "# TYPE shepherd_streams_records_to_restore gauge\n"
                + "shepherd_streams_records_to_restore " + recordsToRestore() + "\n";
    }

    private long recordsToRestore() {
        return restoring.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(store + " " + partition, Math.max(0, endingOffset - startingOffset));
        restoreStarted.put(store + " " + partition, System.nanoTime());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restoring.computeIfPresent(store + " " + partition, (k, left) -> Math.max(0, left - numRestored));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + " " + partition);
        Long started = restoreStarted.remove(store + " " + partition);
        if (totalRestored > 0) {
            LOG.info("restored store {} of {} from its changelog: {} records in {} ms", store, partition, totalRestored,
                    started == null ? "?" : Long.toString((System.nanoTime() - started) / 1_000_000));
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(store + " " + partition);
        restoreStarted.remove(store + " " + partition);
    }
}
