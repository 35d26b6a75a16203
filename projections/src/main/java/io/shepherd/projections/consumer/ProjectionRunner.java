package io.shepherd.projections.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.projections.sink.BulkSink;
import io.shepherd.projections.sink.Delivery;
import io.shepherd.projections.sink.OffsetTracker;

/**
 * The consume → map → write loop. Offsets are committed only up to what Elasticsearch acknowledged. When a write
 * fails in a way that may pass (Elasticsearch down, overloaded, the registry unreachable) the loop pauses every
 * partition, waits for the requests in flight, seeks back to the first unacknowledged record of each partition and
 * resumes after a backoff once Elasticsearch answers again: writes are idempotent, so reading again loses nothing and
 * duplicates nothing.
 */
public final class ProjectionRunner {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRunner.class);

    private final Consumer<byte[], byte[]> consumer;
    private final RecordMapper mapper;
    private final BulkSink sink;
    private final OffsetTracker tracker;
    private final BooleanSupplier elasticsearchAnswers;
    private final RunnerOptions options;
    private final LagGauge lag = new LagGauge();
    private volatile boolean running = true;
    private volatile boolean recovering;
    private boolean live;
    private long nextCommit = System.nanoTime();
    private long nextLag = System.nanoTime();

    public ProjectionRunner(Consumer<byte[], byte[]> consumer, RecordMapper mapper, BulkSink sink, OffsetTracker tracker,
                            BooleanSupplier elasticsearchAnswers, RunnerOptions options) {
        this.consumer = consumer;
        this.mapper = mapper;
        this.sink = sink;
        this.tracker = tracker;
        this.elasticsearchAnswers = elasticsearchAnswers;
        this.options = options;
    }

    /** Projects the topics as a member of the consumer group until {@link #stop()}; commits what was written. */
    public void runLive(Collection<String> topics) {
        consumer.subscribe(topics, new CommitOnRevoke());
        live = true;
        try {
            while (running) {
                pollOnce();
                commitAndMeasureWhenDue();
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up
        } finally {
            finish();
        }
    }

    /** Also while waiting for Elasticsearch, so that the lag of an outage shows in the metric and the health check. */
    private void commitAndMeasureWhenDue() {
        long now = System.nanoTime();
        if (now - nextCommit >= 0) {
            commit();
            nextCommit = now + options.commitInterval().toNanos();
        }
        if (now - nextLag >= 0) {
            lag.update(consumer, tracker);
            nextLag = now + options.lagInterval().toNanos();
        }
    }

    /**
     * Projects the topics from their beginning up to their end offsets at the time of the call, outside any consumer
     * group (nothing is committed), reporting progress after each poll.
     */
    public void replay(Collection<TopicPartition> partitions, ReplayProgress progress) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        long total = ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), 0L)).sum();
        progress.started(total);
        while (running && !reached(ends)) {
            pollOnce();
            progress.advanced(done(starts, ends));
        }
        sink.flush();
        awaitAllAcknowledged(ends);
        progress.advanced(done(starts, ends));
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public LagGauge lag() {
        return lag;
    }

    /** True while the loop waits for Elasticsearch (or the registry) to come back. */
    public boolean recovering() {
        return recovering;
    }

    private void pollOnce() {
        if (sink.failure() != null) {
            recover(sink.failure());
        }
        String registryDown = null;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(options.pollTimeout())) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (registryDown != null) {
                tracker.sent(tp, record.offset()); // unread: the rewind comes back to the first of each partition
                continue;
            }
            try {
                handle(tp, record);
            } catch (RecordMapper.RegistryUnavailable e) {
                tracker.sent(tp, record.offset());
                registryDown = "schema registry unavailable: " + e.getMessage();
            }
        }
        if (registryDown != null) {
            recover(registryDown);
        }
        sink.drainDeadLetters();
    }

    private void handle(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        Delivery delivery = mapper.map(record);
        if (delivery == null) {
            tracker.skipped(tp, record.offset());
        } else {
            sink.add(delivery);
        }
    }

    private void recover(String why) {
        recovering = true;
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        try {
            sink.quiesce();
            sink.restart();
            Map<TopicPartition, Long> seeks = tracker.rewind();
            seeks.forEach(consumer::seek);
            log.warn("writes to Elasticsearch failed ({}); reading {} partitions again from the first unwritten record",
                    why, seeks.size());
            awaitBackoff();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            consumer.resume(assigned);
            recovering = false;
        }
    }

    /** Waits the backoff, polling the paused consumer so that it stays in its group, then until Elasticsearch answers. */
    private void awaitBackoff() {
        long until = System.nanoTime() + sink.backoff().next().toNanos();
        while (running) {
            if (System.nanoTime() - until >= 0) {
                if (elasticsearchAnswers.getAsBoolean()) {
                    return;
                }
                until = System.nanoTime() + sink.backoff().next().toNanos();
            }
            long leftMillis = Math.max(1, (until - System.nanoTime()) / 1_000_000);
            consumer.poll(Duration.ofMillis(Math.min(options.pollTimeout().toMillis(), leftMillis)));
            if (live) {
                commitAndMeasureWhenDue();
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private long done(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        long done = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long start = starts.getOrDefault(end.getKey(), 0L);
            long position = tracker.position(end.getKey()).orElse(start);
            done += Math.min(end.getValue(), position) - start;
        }
        return done;
    }

    private void awaitAllAcknowledged(Map<TopicPartition, Long> ends) {
        while (running && tracker.inFlight() > 0) {
            if (sink.failure() != null) {
                recover(sink.failure());
                while (running && !reached(ends)) {
                    pollOnce();
                }
                sink.flush();
            }
            consumer.poll(Duration.ofMillis(20));
            sink.drainDeadLetters();
            sink.flush();
        }
    }

    private void commit() {
        Map<TopicPartition, Long> offsets = tracker.committable();
        offsets.keySet().retainAll(consumer.assignment());
        if (offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        consumer.commitSync(commits);
        tracker.committed(offsets);
    }

    private void finish() {
        try {
            sink.close();
            commit();
        } catch (RuntimeException e) {
            log.warn("final commit failed; the next start reads the uncommitted records again", e);
        } finally {
            consumer.close();
        }
    }

    /** Commits what was written before partitions move to another member, which then starts right after it. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                sink.quiesce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commit();
            tracker.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // positions come from the committed offsets
        }
    }
}
