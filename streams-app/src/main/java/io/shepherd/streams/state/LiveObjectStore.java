package io.shepherd.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store of live, mutable objects (digests, windows) kept in memory and written to a logged key-value store
 * only when the task commits, so that updating an object costs no serialization and no store round trip.
 *
 * <p>Why the internal {@link CachedStateStore} interface: its {@code flushCache()} is what Kafka Streams calls on its
 * own caching layer while preparing a commit, before the producer commits the transaction with the input offsets. The
 * changed objects are written there, so under exactly-once the changelog holds exactly the state of the committed
 * offsets: after a crash nothing counted is lost or counted twice. {@code clearCache()} (a dirty close) drops what was
 * not committed.
 */
public final class LiveObjectStore<V> implements StateStore, CachedStateStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Codec<V> codec;
    private final int maxLiveObjects;
    private final Map<String, V> live = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    LiveObjectStore(KeyValueStore<Bytes, byte[]> inner, Codec<V> codec, int maxLiveObjects) {
        this.inner = inner;
        this.codec = codec;
        this.maxLiveObjects = maxLiveObjects;
    }

    /** A builder of a RocksDB-backed, changelogged store holding objects of one type. */
    public static <V> StoreBuilder<LiveObjectStore<V>> builder(String name, Codec<V> codec, int maxLiveObjects) {
        return new Builder<>(name, codec, maxLiveObjects);
    }

    /** The object under the key, or null. The returned object is live: call {@link #markDirty} after changing it. */
    public V get(String key) {
        V value = live.get(key);
        if (value == null) {
            byte[] bytes = inner.get(bytes(key));
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
        dirty.add(key);
    }

    public void markDirty(String key) {
        if (!live.containsKey(key)) {
            throw new IllegalStateException("no live object under " + key);
        }
        dirty.add(key);
    }

    public void delete(String key) {
        live.remove(key);
        dirty.remove(key);
        inner.delete(bytes(key));
    }

    /** Keys that start with the prefix, in order, whether committed already or only live so far. */
    public Set<String> keysWithPrefix(String prefix) {
        Set<String> keys = new TreeSet<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
        }
        live.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(keys::add);
        return keys;
    }

    /** How many objects are held in memory now (for metrics and tests). */
    public int liveObjects() {
        return live.size();
    }

    @Override
    public void flushCache() {
        for (String key : dirty) {
            inner.put(bytes(key), codec.encode(live.get(key)));
        }
        dirty.clear();
        if (live.size() > maxLiveObjects) {
            // Everything is written now; the next get() reads back what is still needed.
            live.clear();
        }
    }

    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public void close() {
        live.clear();
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Builder<V> implements StoreBuilder<LiveObjectStore<V>> {
        private final String name;
        private final Codec<V> codec;
        private final int maxLiveObjects;
        private Map<String, String> logConfig = Map.of();
        private boolean logging = true;

        Builder(String name, Codec<V> codec, int maxLiveObjects) {
            this.name = name;
            this.codec = codec;
            this.maxLiveObjects = maxLiveObjects;
        }

        @Override
        public StoreBuilder<LiveObjectStore<V>> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<LiveObjectStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<LiveObjectStore<V>> withLoggingEnabled(Map<String, String> config) {
            logging = true;
            logConfig = Map.copyOf(config);
            return this;
        }

        @Override
        public StoreBuilder<LiveObjectStore<V>> withLoggingDisabled() {
            logging = false;
            return this;
        }

        @Override
        public LiveObjectStore<V> build() {
            StoreBuilder<KeyValueStore<Bytes, byte[]>> inner = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                    Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled();
            inner = logging ? inner.withLoggingEnabled(logConfig) : inner.withLoggingDisabled();
            return new LiveObjectStore<>(inner.build(), codec, maxLiveObjects);
        }

        @Override
        public Map<String, String> logConfig() {
            return logConfig;
        }

        @Override
        public boolean loggingEnabled() {
            return logging;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
