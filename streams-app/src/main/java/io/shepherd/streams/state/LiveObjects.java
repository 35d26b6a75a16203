package io.shepherd.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Objects of one type (windows, tallies, progress records) in a changelogged key-value store, the most recently used
 * ones kept decoded in the heap. A changed object is encoded and written once per commit, by the processor's
 * {@link CommitHook}, inside the commit's transaction (or earlier, when it leaves the heap), not at every change.
 */
public final class LiveObjects<V> {

    private final KeyValueStore<Bytes, byte[]> store;
    private final Codec<V> codec;
    private final Map<String, V> live;
    /** Keys of live objects changed since they were last written. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private final CommitHook hook;
    private final StateBytes written;

    public LiveObjects(KeyValueStore<Bytes, byte[]> store, Codec<V> codec, int maxLiveObjects, CommitHook hook) {
        this(store, codec, maxLiveObjects, hook, StateBytes.NONE);
    }

    LiveObjects(KeyValueStore<Bytes, byte[]> store, Codec<V> codec, int maxLiveObjects, CommitHook hook, StateBytes written) {
        this.store = store;
        this.codec = codec;
        this.hook = hook;
        this.written = written;
        this.live = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                if (size() <= maxLiveObjects) {
                    return false;
                }
                // A later get() reads it back, so it must be in the store before it leaves the heap.
                if (dirty.remove(eldest.getKey())) {
                    write(eldest.getKey(), eldest.getValue());
                }
                return true;
            }
        };
        hook.onCommit(this::writeChanged);
    }

    /** The objects of the processor's store {@code name}, which {@link #storeBuilder} built, written by its hook. */
    public static <V> LiveObjects<V> of(ProcessingContext context, String name, Codec<V> codec, int maxLiveObjects, CommitHook hook) {
        return new LiveObjects<>(context.getStateStore(name), codec, maxLiveObjects, hook, StateBytes.of(context, name));
    }

    /**
     * A RocksDB store with logging and without caching: objects are written once per commit already, and a write at
     * the commit must reach the changelog in that commit's transaction, not wait in a cache ({@link CommitHook}).
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
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
        dirty.add(key);
        live.put(key, value);
        hook.changed();
    }

    /** Says that the live object under the key has changed: it is written at the next commit. */
    public void markDirty(String key) {
        if (!live.containsKey(key)) {
            throw new IllegalStateException("no live object under " + key);
        }
        dirty.add(key);
        hook.changed();
    }

    /** Writes every object changed since it was last written. */
    private void writeChanged() {
        for (String key : dirty) {
            write(key, live.get(key));
        }
        dirty.clear();
    }

    private void write(String key, V value) {
        Bytes k = bytes(key);
        byte[] v = codec.encode(value);
        store.put(k, v);
        written.written(store.name(), k.get().length + v.length);
    }

    public void delete(String key) {
        live.remove(key);
        dirty.remove(key);
        store.delete(bytes(key));
    }

    /** Keys that start with the prefix, in order, of objects in the store or changed since. */
    public Set<String> keysWithPrefix(String prefix) {
        Set<String> keys = new TreeSet<>();
        dirty.stream().filter(key -> key.startsWith(prefix)).forEach(keys::add);
        // prefixScan cannot take an empty prefix (the stores compute the prefix's successor): all() instead.
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
