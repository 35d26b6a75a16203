package io.shepherd.streams.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Writes a processor's changed state objects once per commit, inside the commit's transaction, on Kafka Streams' public
 * API: its caching layer and a store of our own.
 *
 * <p>How: the hook's store is a cached key-value store (public {@link Stores#keyValueStoreBuilder} with caching) over
 * a store of ours that holds nothing. The first change after a write puts a marker into the cache. Before a task
 * commits (and before it is suspended or handed over in a rebalance, which commit it too), Kafka Streams flushes the
 * task's caches into the stores under them, and it must do so before it commits the transaction, or its own cached
 * stores would lose writes under exactly-once. The marker's flush reaches our store's {@code put}, which runs the
 * processor's writers: they write every object changed since into uncached, changelogged stores, so those writes join
 * the transaction that commits the input they came from. The cache may also evict the marker earlier (when the
 * thread's cache is full); the writers then simply run earlier. With the cache turned off
 * ({@code statestore.cache.max.bytes=0}) every change is written at once.
 *
 * <p>This replaces writing objects through at every change (an encode, a cache put and at the commit a store write
 * per change) with one encode and one store write per changed object and commit.
 */
public final class CommitHook {

    private static final Map<Long, CommitHook> HOOKS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final Bytes MARKER = Bytes.wrap(new byte[] {'c'});

    private final long id = IDS.incrementAndGet();
    private final byte[] idBytes = ByteBuffer.allocate(Long.BYTES).putLong(id).array();
    private final KeyValueStore<Bytes, byte[]> trigger;
    private final List<Runnable> writers = new ArrayList<>();
    private boolean armed;

    private CommitHook(KeyValueStore<Bytes, byte[]> trigger) {
        this.trigger = trigger;
    }

    /** The hook of the processor's store {@code name}, built by {@link #storeBuilder}; {@link #close} it in the processor's close. */
    public static CommitHook of(ProcessingContext context, String name) {
        CommitHook hook = new CommitHook(context.getStateStore(name));
        HOOKS.put(hook.id, hook);
        return hook;
    }

    /** A hook run by {@link #commit} only: for state used outside a running topology (tests, tools). */
    public static CommitHook manual() {
        return new CommitHook(null);
    }

    /** A cached store over an empty one of ours, not logged: it holds only the marker, and only in the cache. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(new TriggerSupplier(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingDisabled();
    }

    /** Runs the writer at every commit that follows a {@link #changed}. */
    public void onCommit(Runnable writer) {
        writers.add(writer);
    }

    /** Something changed that the writers must write before the next commit. */
    public void changed() {
        if (armed) {
            return;
        }
        armed = true;
        if (trigger != null) {
            // May flush at once (a full cache evicts it): then commit() has run before put returns.
            trigger.put(MARKER, idBytes);
        }
    }

    /** Runs the writers now. */
    public void commit() {
        armed = false;
        for (Runnable writer : writers) {
            writer.run();
        }
    }

    public void close() {
        HOOKS.remove(id);
    }

    private static void flushed(byte[] value) {
        if (value == null || value.length != Long.BYTES) {
            return;
        }
        CommitHook hook = HOOKS.get(ByteBuffer.wrap(value).getLong());
        if (hook != null) {
            hook.commit();
        }
    }

    private record TriggerSupplier(String name) implements KeyValueBytesStoreSupplier {
        @Override
        public KeyValueStore<Bytes, byte[]> get() {
            return new Trigger(name);
        }

        @Override
        public String metricsScope() {
            return "shepherd-commit-hook";
        }
    }

    /** Holds nothing: what the cache flushes into it runs the hook the value names. */
    private static final class Trigger implements KeyValueStore<Bytes, byte[]> {
        private final String name;
        private boolean open;

        Trigger(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            context.register(root, (key, value) -> { });
            open = true;
        }

        @Override
        public void put(Bytes key, byte[] value) {
            flushed(value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            flushed(value);
            return null;
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            entries.forEach(entry -> flushed(entry.value));
        }

        @Override
        public byte[] delete(Bytes key) {
            return null;
        }

        @Override
        public byte[] get(Bytes key) {
            return null;
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return new Empty();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return new Empty();
        }

        @Override
        public long approximateNumEntries() {
            return 0;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }

    private static final class Empty implements KeyValueIterator<Bytes, byte[]> {
        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            throw new java.util.NoSuchElementException();
        }

        @Override
        public void close() {
        }

        @Override
        public Bytes peekNextKey() {
            throw new java.util.NoSuchElementException();
        }
    }
}
