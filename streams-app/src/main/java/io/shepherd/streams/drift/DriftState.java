package io.shepherd.streams.drift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.StateBytes;

/**
 * The panes and references of the model versions on one task, live in the heap and made durable once per commit
 * without encoding a whole pane (every feature's sketches) per event.
 *
 * <p>At each commit ({@link CommitHook}, inside the commit's transaction) the small {@link DriftChange}s a version
 * had since the last commit (one per event) are appended to its log in the panes store as one entry. Every
 * {@code foldEvery} changes of a version, and whenever one of its panes closes, the features that changed since are
 * written as {@link SketchSeries} (one entry per series and pane, or per series of the reference) and the version's
 * log is deleted. A series holds its sketches' whole state ({@link io.shepherd.streams.drift.stats.NumericSketch#toBytes}:
 * what it decodes to behaves bit for bit as the live sketch), so on start the live state is rebuilt from the series
 * plus a replay of the log in its order to exactly what an uninterrupted run holds; the points where a version folds
 * depend on its events alone, not on when Kafka Streams commits.
 *
 * <p>At most {@code maxLiveVersions} versions are kept live: the least recently used one beyond is folded and let go,
 * and read again from the store when it is next needed. Versions are read when first needed, not on start (a start
 * may not write to the stores, and need not decode what no record asks for).
 *
 * <p>Keys of the panes store: {@code <version>|p|<pane>} a pane's header, {@code <version>|s|<feature>|<pane>} a
 * series, {@code <version>|l|<sequence>} a log entry (the version's changes between two commits, or one change as
 * earlier versions of the app wrote them; numbers zero-padded, {@link PaneKeys}). Of the references store:
 * {@code <version>} the reference but for its features, {@code <version>|s|<feature>} a series. A value's format byte
 * says which it is; whole panes and references of format 1 (written before the series) are still read, and written
 * anew as series at the next fold.
 */
final class DriftState {

    private static final byte WHOLE_FORMAT = 1;

    private final KeyValueStore<Bytes, byte[]> paneStore;
    private final KeyValueStore<Bytes, byte[]> referenceStore;
    private final int foldEvery;
    private final int maxLiveVersions;
    private final StateBytes written;
    /** Versions with changes not written to their log yet. */
    private final Set<String> withUnwritten = new LinkedHashSet<>();
    private final CommitHook hook;
    /** Live versions, least recently used first. */
    private final LinkedHashMap<String, Version> versions = new LinkedHashMap<>(16, 0.75f, true);

    /** What is live of one version, and which of its changes are logged but not folded yet. */
    private static final class Version {
        private ReferenceState reference;
        private final TreeMap<Long, FeatureSketches> panes = new TreeMap<>();
        private final Set<Long> panesInOldFormat = new HashSet<>();
        private long firstChange;
        private long nextChange;
        /** Changes in the log, in all its entries. */
        private long loggedChanges;
        /** Changes since the last write, in order. */
        private final List<DriftChange> unwritten = new ArrayList<>();
    }

    DriftState(KeyValueStore<Bytes, byte[]> paneStore, KeyValueStore<Bytes, byte[]> referenceStore, int foldEvery,
               int maxLiveVersions, CommitHook hook) {
        this(paneStore, referenceStore, foldEvery, maxLiveVersions, hook, StateBytes.NONE);
    }

    DriftState(KeyValueStore<Bytes, byte[]> paneStore, KeyValueStore<Bytes, byte[]> referenceStore, int foldEvery,
               int maxLiveVersions, CommitHook hook, StateBytes written) {
        this.written = written;
        this.hook = hook;
        this.paneStore = paneStore;
        this.referenceStore = referenceStore;
        this.foldEvery = foldEvery;
        this.maxLiveVersions = maxLiveVersions;
        hook.onCommit(this::writeLogs);
    }

    /** The version's reference, or null before its first event. */
    ReferenceState reference(String version) {
        Version v = live(version);
        return v == null ? null : v.reference;
    }

    ReferenceState referenceOrCreate(String version, Supplier<ReferenceState> create) {
        Version v = liveOrNew(version);
        if (v.reference == null) {
            v.reference = create.get();
            put(referenceStore, version, v.reference.headerBytes());
        }
        return v.reference;
    }

    /** The version's pane starting at {@code start}, or null when it is not open. */
    FeatureSketches pane(String version, long start) {
        Version v = live(version);
        return v == null ? null : v.panes.get(start);
    }

    /** Opens the pane if it is not open yet. */
    void openPane(String version, long start, Supplier<FeatureSketches> create) {
        Version v = liveOrNew(version);
        if (!v.panes.containsKey(start)) {
            FeatureSketches pane = create.get();
            v.panes.put(start, pane);
            put(paneStore, PaneKeys.of(version + "|p", start), SketchSeries.header(pane));
        }
    }

    /** The starts of the open panes in the store, by version, read from their keys. */
    Map<String, TreeSet<Long>> paneStarts() {
        Map<String, TreeSet<Long>> starts = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = paneStore.all()) {
            it.forEachRemaining(kv -> {
                String key = key(kv.key);
                if (kv.value[0] == SketchSeries.HEADER_FORMAT) {
                    starts.computeIfAbsent(versionOf(key, 2), k -> new TreeSet<>()).add(numberOf(key));
                } else if (kv.value[0] == WHOLE_FORMAT) {
                    starts.computeIfAbsent(PaneKeys.versionOf(key), k -> new TreeSet<>()).add(PaneKeys.paneOf(key));
                }
            });
        }
        return starts;
    }

    /**
     * Adds an event's values to the reference (when {@code toReference}) and to the open pane {@code pane} (unless
     * {@link DriftChange#NO_PANE}); the version's reference must exist.
     */
    void observe(String version, long pane, boolean toReference, Map<String, Object> features) {
        change(version, new DriftChange.Observed(pane, toReference, features));
    }

    /** Counts non-finite values of numeric features in the open pane. */
    void countNonFinite(String version, long pane, List<String> features) {
        change(version, new DriftChange.NonFinite(pane, features));
    }

    /** Lets the version's reference complete by the version's time ({@link ReferenceState#advance}); whether it just did. */
    boolean advanceReference(String version, long time, long minRows) {
        Version v = live(version);
        if (v == null || v.reference == null || !v.reference.advance(time, minRows)) {
            return false;
        }
        log(version, v, new DriftChange.ReferenceAdvanced(time, minRows));
        return true;
    }

    /** Deletes a pane no window needs any more, folding the version's log first so none of it refers to the pane. */
    void closePane(String version, long start) {
        Version v = live(version);
        FeatureSketches pane = v == null ? null : v.panes.remove(start);
        if (pane == null) {
            return;
        }
        fold(version, v);
        paneStore.delete(bytes(PaneKeys.of(version + "|p", start)));
        for (String feature : pane.features()) {
            paneStore.delete(bytes(PaneKeys.of(version + "|s|" + feature, start)));
        }
        if (v.panesInOldFormat.remove(start)) {
            paneStore.delete(bytes(PaneKeys.of(version, start)));
        }
    }

    private void change(String version, DriftChange change) {
        Version v = live(version);
        change.applyTo(v.reference, v.panes);
        log(version, v, change);
    }

    /** Keeps the change for the version's log, which gets it at the next commit, or folds the version when it is due. */
    private void log(String version, Version v, DriftChange change) {
        v.unwritten.add(change);
        if (v.loggedChanges + v.unwritten.size() >= foldEvery) {
            fold(version, v);
            return;
        }
        withUnwritten.add(version);
        hook.changed();
    }

    /** The commit's writes: the changes of every version since the last commit, as one log entry per version. */
    private void writeLogs() {
        for (String version : withUnwritten) {
            Version v = versions.get(version);
            if (v != null && !v.unwritten.isEmpty()) {
                put(paneStore, PaneKeys.of(version + "|l", v.nextChange++), DriftChange.toBytes(v.unwritten));
                v.loggedChanges += v.unwritten.size();
                v.unwritten.clear();
            }
        }
        withUnwritten.clear();
    }

    /** Writes the series changed since the last fold and deletes the log. */
    private void fold(String version, Version v) {
        withUnwritten.remove(version);
        v.unwritten.clear();
        v.loggedChanges = 0;
        for (Map.Entry<Long, FeatureSketches> pane : v.panes.entrySet()) {
            long start = pane.getKey();
            for (String feature : pane.getValue().takeChanged()) {
                byte[] series = SketchSeries.series(pane.getValue(), feature);
                put(paneStore, PaneKeys.of(version + "|s|" + feature, start), series);
            }
            put(paneStore, PaneKeys.of(version + "|p", start), SketchSeries.header(pane.getValue()));
            if (v.panesInOldFormat.remove(start)) {
                paneStore.delete(bytes(PaneKeys.of(version, start)));
            }
        }
        if (v.reference != null) {
            FeatureSketches sketches = v.reference.sketches();
            for (String feature : sketches.takeChanged()) {
                byte[] series = SketchSeries.series(sketches, feature);
                put(referenceStore, version + "|s|" + feature, series);
            }
            put(referenceStore, version, v.reference.headerBytes());
        }
        for (long change = v.firstChange; change < v.nextChange; change++) {
            paneStore.delete(bytes(PaneKeys.of(version + "|l", change)));
        }
        v.firstChange = v.nextChange;
    }

    /** The live version, read from the store when it is not live; null when the store has nothing of it either. */
    private Version live(String version) {
        Version v = versions.get(version);
        if (v == null) {
            v = new Loader(version).load();
            if (v != null) {
                keepLive(version, v);
            }
        }
        return v;
    }

    private Version liveOrNew(String version) {
        Version v = live(version);
        if (v == null) {
            v = new Version();
            keepLive(version, v);
        }
        return v;
    }

    /**
     * Adds a version to the live ones, letting the least recently used go beyond the bound once it is folded: then
     * the store holds all of it, so reading it again gives the same state.
     */
    private void keepLive(String version, Version v) {
        versions.put(version, v);
        for (var it = versions.entrySet().iterator(); versions.size() > maxLiveVersions && it.hasNext();) {
            Map.Entry<String, Version> eldest = it.next();
            if (!eldest.getKey().equals(version)) {
                fold(eldest.getKey(), eldest.getValue());
                it.remove();
            }
        }
    }

    private void put(KeyValueStore<Bytes, byte[]> store, String key, byte[] value) {
        Bytes k = bytes(key);
        store.put(k, value);
        written.written(store.name(), k.get().length + value.length);
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The version of a key {@code <version>|<tag of tagLength characters>|<19 digits>}. */
    private static String versionOf(String key, int tagLength) {
        return key.length() < 20 + tagLength ? "" : key.substring(0, key.length() - 19 - 1 - tagLength);
    }

    /** The pane start or sequence number a key ends with. */
    private static long numberOf(String key) {
        return Long.parseLong(key.substring(key.length() - 19));
    }

    private static String key(Bytes bytes) {
        return new String(bytes.get(), StandardCharsets.UTF_8);
    }

    /**
     * Reads one version from both stores: the reference and the panes' headers, then their series, then the log
     * replayed in order. Keys of the version's prefix that belong to another version (whose id contains '|') are
     * passed over.
     */
    private final class Loader {
        private final String version;
        private final Version v = new Version();
        /** A pane's series, restored once all headers are read. */
        private record Series(long pane, byte[] value) {
        }

        private final List<Series> paneSeries = new ArrayList<>();
        private final TreeMap<Long, byte[]> changes = new TreeMap<>();

        Loader(String version) {
            this.version = version;
        }

        /** The version, or null when the stores hold nothing of it. */
        Version load() {
            loadReference();
            try (KeyValueIterator<Bytes, byte[]> it = paneStore.prefixScan(version + "|", new StringSerializer())) {
                it.forEachRemaining(kv -> loadPaneEntry(key(kv.key), kv.value));
            }
            paneSeries.forEach(series -> SketchSeries.restore(v.panes.get(series.pane()), series.value()));
            for (byte[] entry : changes.values()) {
                List<DriftChange> logged = DriftChange.listFromBytes(entry);
                logged.forEach(change -> change.applyTo(v.reference, v.panes));
                v.loggedChanges += logged.size();
            }
            if (!changes.isEmpty()) {
                v.firstChange = changes.firstKey();
                v.nextChange = changes.lastKey() + 1;
            }
            return v.reference == null && v.panes.isEmpty() ? null : v;
        }

        private void loadReference() {
            byte[] header = referenceStore.get(bytes(version));
            if (header == null) {
                return;
            }
            v.reference = ReferenceState.fromBytes(header);
            if (header[0] == WHOLE_FORMAT) {
                v.reference.sketches().markAllChanged();
                return;
            }
            try (KeyValueIterator<Bytes, byte[]> it = referenceStore.prefixScan(version + "|s|", new StringSerializer())) {
                it.forEachRemaining(kv -> {
                    if (key(kv.key).equals(version + "|s|" + SketchSeries.featureOf(kv.value))) {
                        SketchSeries.restore(v.reference.sketches(), kv.value);
                    }
                });
            }
        }

        private void loadPaneEntry(String key, byte[] value) {
            switch (value[0]) {
                case WHOLE_FORMAT -> {
                    if (PaneKeys.versionOf(key).equals(version)) {
                        FeatureSketches pane = FeatureSketches.fromBytes(value);
                        pane.markAllChanged();
                        v.panes.put(PaneKeys.paneOf(key), pane);
                        v.panesInOldFormat.add(PaneKeys.paneOf(key));
                    }
                }
                case SketchSeries.HEADER_FORMAT -> {
                    if (key.equals(PaneKeys.of(version + "|p", numberOf(key)))) {
                        v.panes.put(numberOf(key), SketchSeries.fromHeader(value));
                    }
                }
                case SketchSeries.SERIES_FORMAT -> {
                    if (key.equals(PaneKeys.of(version + "|s|" + SketchSeries.featureOf(value), numberOf(key)))) {
                        paneSeries.add(new Series(numberOf(key), value));
                    }
                }
                case DriftChange.FORMAT, DriftChange.BATCH_FORMAT -> {
                    if (key.equals(PaneKeys.of(version + "|l", numberOf(key)))) {
                        changes.put(numberOf(key), value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown drift pane entry format " + value[0] + " under " + key);
            }
        }
    }
}
