package io.shepherd.streams.pending;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.monitoring.TaskMetrics;
import io.shepherd.streams.validation.Admitted;
import io.shepherd.streams.validation.EdgeReader;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.validation.Rejection;

/**
 * The one intake of the features and predictions topics: reads each record once ({@link EdgeReader}), dead-letters
 * what it rejects, lets through the typed {@link Admitted} records of versions the lifecycle has announced to the
 * processors behind it, and holds the others until it does: a serving
 * system sends a new version's first predictions as soon as it deploys it, often before the global model directory has
 * applied the DEPLOYED event. A held record is released (in arrival order, marked with its {@link Origin}) to the same
 * processors a live one goes to once its version is known, or dead-lettered UNKNOWN_MODEL once it has waited longer
 * than the settings allow in event time, or when the task holds too many. The store is changelogged, so under
 * exactly-once a record is held, released or dead-lettered once, across restarts too.
 *
 * <p>Each topic's records go to the processors named for it: the predictions topic's to drift, serving and
 * performance alike, so a prediction is held once and dead-lettered once, here.
 */
public final class VersionGate implements Processor<byte[], byte[], Object, Object> {

    public static final String NAME = "version-gate";
    public static final String STORE = "pending-versions";
    /** How often, on the wall clock and in stream time, held records are looked at. */
    static final Duration SWEEP = Duration.ofSeconds(1);

    private final String application;
    private final PendingSettings settings;
    private final Supplier<EdgeReader> readers;
    private EdgeReader reader;
    private final Map<String, List<String>> readersByTopic;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, byte[]> held;
    private ModelDirectory directory;
    private DeadLetters deadLetters;
    /** Held records per version key, rebuilt from the store on start. */
    private final Map<String, Integer> heldPerVersion = new HashMap<>();
    private int heldCount;
    private long nextSequence;
    private long streamTime = Long.MIN_VALUE;
    /**
     * Each topic's latest event time: a held record's wait is counted on its own topic's, since the task may have read
     * the other topic further ({@link io.shepherd.streams.window.InputClocks}).
     */
    private final Map<String, Long> topicTimes = new HashMap<>();
    private TaskMetrics metrics;
    private Sensor eventTimeLag;
    private Sensor heldGauge;

    /** @param readersByTopic the processors (children of this node) that read each gated topic */
    public VersionGate(String application, PendingSettings settings, Supplier<EdgeReader> readers, Map<String, List<String>> readersByTopic) {
        this.application = application;
        this.settings = settings;
        this.readers = readers;
        this.readersByTopic = Map.copyOf(readersByTopic);
    }

    public static StoreBuilder<KeyValueStore<Long, byte[]>> storeBuilder() {
        // Big-endian non-negative sequence numbers: the store's order is arrival order.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Long(), Serdes.ByteArray());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        reader = readers.get();
        held = context.getStateStore(STORE);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
        deadLetters = new DeadLetters(application, context, DeadLetters.SINK);
        // A revived task initializes the same processor again: what is held is what its restored store holds.
        heldPerVersion.clear();
        heldCount = 0;
        nextSequence = 0;
        streamTime = Long.MIN_VALUE;
        topicTimes.clear();
        try (KeyValueIterator<Long, byte[]> it = held.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> entry = it.next();
                HeldRecord record = HeldRecord.fromBytes(entry.value);
                count(record.versionKey(), 1);
                nextSequence = entry.key + 1;
                streamTime = Math.max(streamTime, record.timestamp());
                topicTimes.merge(record.source().topic(), record.timestamp(), Math::max);
            }
        }
        metrics = TaskMetrics.of(context, NAME);
        eventTimeLag = null;
        heldGauge = metrics.gauge("records-held", "Records of versions no lifecycle event has deployed yet, held by the task");
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> {
            recordEventTimeLag(now);
            heldGauge.record(heldCount, now);
            sweep();
        });
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, now -> sweep());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        streamTime = Math.max(streamTime, record.timestamp());
        topicTimes.merge(meta.topic(), record.timestamp(), Math::max);
        Intake<Admitted> read = reader.read(meta.topic(), record.value());
        if (!read.isAccepted()) {
            deadLetters.send(record, read.rejection(), read.modelId());
            return;
        }
        Admitted admitted = read.value();
        if (directory.version(admitted.modelId(), admitted.version()).isEmpty()) {
            hold(HeldRecord.of(admitted.modelId(), admitted.version(), new Origin.Source(meta.topic(), meta.partition(), meta.offset()),
                    record));
            return;
        }
        if (heldPerVersion.containsKey(admitted.modelId() + "\u0000" + admitted.version())) {
            sweep();
        }
        forward(meta.topic(), record.withValue(admitted));
    }

    /** Shown once the task has read an event: a lag of 0 before any would say it is current. */
    private void recordEventTimeLag(long now) {
        if (streamTime == Long.MIN_VALUE) {
            return;
        }
        if (eventTimeLag == null) {
            eventTimeLag = metrics.gauge("event-time-lag-ms", "Wall-clock time less the latest event time the task has read from"
                    + " the features and predictions topics, every second: how far behind real time its windows are");
        }
        eventTimeLag.record(Math.max(0, now - streamTime), now);
    }

    private void hold(HeldRecord record) {
        if (heldCount >= settings.maxHeld()) {
            evictOldest();
        }
        held.put(nextSequence++, record.toBytes());
        count(record.versionKey(), 1);
    }

    private void evictOldest() {
        try (KeyValueIterator<Long, byte[]> it = held.all()) {
            KeyValue<Long, byte[]> oldest = it.next();
            HeldRecord record = HeldRecord.fromBytes(oldest.value);
            deadLetter(oldest.key, record, "evicted after waiting " + waited(record) + " ms: this task already holds "
                    + settings.maxHeld() + " records of versions no lifecycle event has deployed");
        }
    }

    /** Releases the held records of versions now known and dead-letters those that waited too long, in arrival order. */
    void sweep() {
        if (heldCount == 0) {
            return;
        }
        // Read first, then released: forwarding runs the processors behind the gate, not while the store is open here.
        List<KeyValue<Long, byte[]>> entries = new ArrayList<>(heldCount);
        try (KeyValueIterator<Long, byte[]> it = held.all()) {
            it.forEachRemaining(entries::add);
        }
        for (KeyValue<Long, byte[]> entry : entries) {
            HeldRecord record = HeldRecord.fromBytes(entry.value);
            if (directory.version(record.modelId(), record.version()).isPresent()) {
                release(entry.key, record);
            } else if (waited(record) > settings.maxWait().toMillis()) {
                deadLetter(entry.key, record, "no lifecycle event deployed " + record.modelId() + " version " + record.version()
                        + " in the " + waited(record) + " ms of event time its record waited (at most "
                        + settings.maxWait().toMillis() + " ms)");
            }
        }
    }

    private long waited(HeldRecord record) {
        return topicTimes.getOrDefault(record.source().topic(), streamTime) - record.timestamp();
    }

    private void release(long sequence, HeldRecord record) {
        held.delete(sequence);
        count(record.versionKey(), -1);
        Record<byte[], byte[]> released = record.released();
        Intake<Admitted> read = reader.read(record.source().topic(), released.value());
        if (read.isAccepted()) {
            forward(record.source().topic(), released.withValue(read.value()));
        } else {
            deadLetters.send(released, read.rejection(), read.modelId());
        }
    }

    private void deadLetter(long sequence, HeldRecord record, String detail) {
        held.delete(sequence);
        count(record.versionKey(), -1);
        deadLetters.forward(DeadLetters.letter(application, record.source(), record.original(),
                new Rejection(Rejection.UNKNOWN_MODEL, detail), record.modelId()));
    }

    private void forward(String topic, Record<byte[], Admitted> record) {
        for (String reader : readersByTopic.getOrDefault(topic, List.of())) {
            context.forward(record, reader);
        }
    }

    private void count(String versionKey, int delta) {
        heldCount += delta;
        heldPerVersion.merge(versionKey, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
