package io.shepherd.streams.state;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Values waiting under a key (a prediction for its label, a label for its prediction) that expire once the store's
 * latest time is more than a retention past theirs, on a plain key-value store.
 *
 * <p>Why not a window store, which expires by itself: under exactly-once, Kafka Streams 4.4 keeps no committed offsets
 * inside a segmented window store and writes its checkpoint file only when the store closes. A standby task holding one
 * is found "corrupted" when it becomes active after its active's instance crashed ("did not find checkpoint offsets
 * while stores are not empty"), and the whole task, every other store included, is wiped and restored from its
 * changelogs: standby replicas then spared nothing (BENCHMARKS.md, a crashed instance's tasks). Persistent key-value
 * stores keep their offsets with their data, so a standby of a task without window stores is taken over warm.
 *
 * <p>Layout: {@code v|key} holds the value's time (8 bytes) and the value; {@code t|time|key} is an empty marker that
 * orders the values by time, so that expired ones are found with one range scan. Not thread-safe, one per task.
 */
public final class ExpiringValues {

    private static final String VALUE = "v|";
    private static final String TIME = "t|";
    private static final byte[] MARKER = new byte[0];
    /** Times are written with 19 digits (positive epoch milliseconds), so their text order is their order. */
    private static final int TIME_DIGITS = 19;

    private final KeyValueStore<String, byte[]> store;
    private final long retention;
    /** How far the store's latest time moves between two sweeps of expired values. */
    private final long sweepEvery;
    private final boolean clockOfValues;
    private long latest = Long.MIN_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    /**
     * Markers before this time are gone: a sweep starts its scan here, not at the first marker, so it does not step
     * over the deletions of the sweeps before it again (RocksDB keeps them as tombstones until it compacts).
     */
    private long sweptUpTo = 0;

    /** Values that expire on the latest time of the values put ({@link #put}). */
    public ExpiringValues(KeyValueStore<String, byte[]> store, Duration retention) {
        this(store, retention, true);
    }

    /**
     * @param clockOfValues whether the store's time is the latest time of the values put; if not, it is only what
     *                      {@link #advanceTo} says (the time the waiting values' counterparts have reached), and nothing
     *                      expires before the first call
     */
    public ExpiringValues(KeyValueStore<String, byte[]> store, Duration retention, boolean clockOfValues) {
        this.store = store;
        this.retention = retention.toMillis();
        this.sweepEvery = Math.max(1_000, this.retention / 16);
        this.clockOfValues = clockOfValues;
        if (clockOfValues) {
            // The latest time survives restarts in the markers: the last one in time order.
            try (KeyValueIterator<String, byte[]> last = store.reverseRange(TIME, TIME + "\uffff")) {
                if (last.hasNext()) {
                    latest = timeOfMarker(last.next().key);
                    nextSweep = latest;
                }
            }
        }
    }

    /** A persistent, logged, uncached key-value store for these values. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    /**
     * Keeps {@code value} under {@code key} from {@code time} on, replacing what the key held; a value already past the
     * retention is not kept and leaves what the key holds alone, as a window store drops a record older than its
     * retention.
     */
    public void put(String key, byte[] value, long time) {
        if (clockOfValues) {
            latest = Math.max(latest, time);
        }
        if (!expired(time)) {
            // A value replaced under its key leaves its old marker behind; a sweep drops such a marker alone.
            store.put(VALUE + key, ByteBuffer.allocate(Long.BYTES + value.length).putLong(time).put(value).array());
            store.put(marker(time, key), MARKER);
        }
        sweepWhenDue();
    }

    /** The store's time moves to {@code time} if that is later; values more than the retention older expire. */
    public void advanceTo(long time) {
        if (time > latest) {
            latest = time;
            sweepWhenDue();
        }
    }

    private void sweepWhenDue() {
        if (latest != Long.MIN_VALUE && latest >= nextSweep) {
            sweep();
            nextSweep = latest + sweepEvery;
        }
    }

    /** The value under {@code key}, removed; empty when there is none or it has expired. */
    public Optional<byte[]> take(String key) {
        byte[] stored = store.get(VALUE + key);
        if (stored == null) {
            return Optional.empty();
        }
        long time = timeOf(stored);
        store.delete(VALUE + key);
        store.delete(marker(time, key));
        if (expired(time)) {
            return Optional.empty();
        }
        byte[] value = new byte[stored.length - Long.BYTES];
        System.arraycopy(stored, Long.BYTES, value, 0, value.length);
        return Optional.of(value);
    }

    /** Removes every value more than the retention older than the latest time. */
    public void sweep() {
        if (latest == Long.MIN_VALUE) {
            return;
        }
        long horizon = Math.max(0, latest - retention);
        if (horizon <= sweptUpTo) {
            return;
        }
        List<KeyValue<String, Long>> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> old = store.range(marker(sweptUpTo, ""), marker(horizon, ""))) {
            while (old.hasNext()) {
                String marker = old.next().key;
                long time = timeOfMarker(marker);
                if (time >= horizon) {
                    break;
                }
                gone.add(KeyValue.pair(marker.substring(TIME.length() + TIME_DIGITS + 1), time));
            }
        }
        for (KeyValue<String, Long> expired : gone) {
            store.delete(marker(expired.value, expired.key));
            byte[] stored = store.get(VALUE + expired.key);
            // The key may hold a newer value whose own marker is still ahead.
            if (stored != null && timeOf(stored) == expired.value) {
                store.delete(VALUE + expired.key);
            }
        }
        sweptUpTo = horizon;
    }

    private boolean expired(long time) {
        return latest != Long.MIN_VALUE && time < latest - retention;
    }

    private static String marker(long time, String key) {
        String digits = Long.toString(Math.max(0, time));
        StringBuilder marker = new StringBuilder(TIME.length() + TIME_DIGITS + 1 + key.length()).append(TIME);
        for (int pad = digits.length(); pad < TIME_DIGITS; pad++) {
            marker.append('0');
        }
        return marker.append(digits).append('|').append(key).toString();
    }

    private static long timeOfMarker(String marker) {
        return Long.parseLong(marker.substring(TIME.length(), TIME.length() + TIME_DIGITS));
    }

    private static long timeOf(byte[] stored) {
        return Math.max(0, ByteBuffer.wrap(stored, 0, Long.BYTES).getLong());
    }
}
