package io.shepherd.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Objects of one type (windows, tallies, progress records) in a cached, changelogged key-value store, written through
 * as they change, with the most recently used ones kept decoded in the heap.
 *
 * <p>Why write through: Kafka Streams' public API gives a processor no hook between its last record and the commit
 * of the input offsets (under exactly-once a rebalance commits a task without calling it), so an object changed in
 * the heap only could be lost while its input counts as processed. The store's caching layer absorbs repeated writes
 * of a key: its changelog gets at most one write per key per commit.
 */
public final class LiveObjects<V> {

    private final KeyValueStore<Bytes, byte[]> store;
    private final Codec<V> codec;
    private final Map<String, V> live;
    private final StateBytes written;

    public LiveObjects(KeyValueStore<Bytes, byte[]> store, Codec<V> codec, int maxLiveObjects) {
        this(store, codec, maxLiveObjects, StateBytes.NONE);
    }

    LiveObjects(KeyValueStore<Bytes, byte[]> store, Codec<V> codec, int maxLiveObjects, StateBytes written) {
        this.store = store;
        this.codec = codec;
        this.written = written;
        this.live = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                // Written already: a later get() reads it back.
                return size() > maxLiveObjects;
            }
        };
    }

    /** The objects of the processor's store {@code name}, which {@link #storeBuilder} built. */
    public static <V> LiveObjects<V> of(ProcessingContext context, String name, Codec<V> codec, int maxLiveObjects) {
        return new LiveObjects<>(context.getStateStore(name), codec, maxLiveObjects, StateBytes.of(context, name));
    }

    /** A RocksDB store with caching (repeated writes of a key reach the changelog once per commit) and logging. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }

    /**
     * The object under the key, or null. The returned object is live: call {@link #markDirty} after changing it,
     * before getting more objects than the bound of live ones.
     */
    public V get(String key) {
        V value = live.get(key);
        if (value == null) {
            byte[] bytes = store.get(bytes(key));
            if (bytes != null) {
                value = codec.decode(bytes);
                live.put(key, value);
            }
        }
        return value;
    }

    public V getOrCreate(String key, Supplier<V> create) {
        V value = get(key);
        if (value == null) {
            value = create.get();
            put(key, value);
        }
        return value;
    }

    public void put(String key, V value) {
        live.put(key, value);
        write(key, value);
    }

    /** Writes the live object under the key again, after it has changed. */
    public void markDirty(String key) {
        V value = live.get(key);
        if (value == null) {
            throw new IllegalStateException("no live object under " + key);
        }
        write(key, value);
    }

    private void write(String key, V value) {
        Bytes k = bytes(key);
        byte[] v = codec.encode(value);
        store.put(k, v);
        written.written(store.name(), k.get().length + v.length);
    }

    public void delete(String key) {
        live.remove(key);
        store.delete(bytes(key));
    }

    /** Keys that start with the prefix, in order. */
    public Set<String> keysWithPrefix(String prefix) {
        Set<String> keys = new TreeSet<>();
        // The caching layer's prefixScan cannot take an empty prefix (it fails computing the prefix's successor).
        try (KeyValueIterator<Bytes, byte[]> it = prefix.isEmpty() ? store.all() : store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
        }
        return keys;
    }

    /** How many objects are held decoded in the heap now (for metrics and tests). */
    public int liveObjects() {
        return live.size();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }
}
