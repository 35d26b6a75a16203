package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import io.shepherd.streams.state.CommitHook;

class DriftStateTest {

    private static final String VERSION = "m|v1";
    private static final long PANE_MS = 1_000;
    private static final int FOLD_EVERY = 7;

    /** The panes and references stores of one run, and the commit hook of its latest state. */
    private static final class Stores2 {
        private final KeyValueStore<Bytes, byte[]> panes = store("panes");
        private final KeyValueStore<Bytes, byte[]> references = store("references");
        private CommitHook hook = CommitHook.manual();

        static Stores2 open() {
            return new Stores2();
        }

        KeyValueStore<Bytes, byte[]> panes() {
            return panes;
        }

        KeyValueStore<Bytes, byte[]> references() {
            return references;
        }

        /** A state started on what the stores hold (as a task starts after its last commit). */
        DriftState state() {
            return state(100);
        }

        DriftState state(int maxLiveVersions) {
            hook = CommitHook.manual();
            return new DriftState(panes, references, FOLD_EVERY, maxLiveVersions, hook);
        }

        /** What a commit of the latest state writes. */
        void commit() {
            hook.commit();
            committed = List.of(entries(panes), entries(references));
        }

        /**
         * A kill between commits: under exactly-once the writes since the last commit are aborted with its
         * transaction, so the stores come back with what was committed; a state started on them.
         */
        DriftState crash() {
            reset(panes, committed.get(0));
            reset(references, committed.get(1));
            return state();
        }

        private List<List<KeyValue<Bytes, byte[]>>> committed = List.of(List.of(), List.of());

        private static List<KeyValue<Bytes, byte[]>> entries(KeyValueStore<Bytes, byte[]> store) {
            List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                it.forEachRemaining(entries::add);
            }
            return entries;
        }

        private static void reset(KeyValueStore<Bytes, byte[]> store, List<KeyValue<Bytes, byte[]>> entries) {
            entries(store).forEach(kv -> store.delete(kv.key));
            entries.forEach(kv -> store.put(kv.key, kv.value));
        }

        List<String> paneKeys() {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = panes.all()) {
                it.forEachRemaining(kv -> keys.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
            }
            return keys;
        }
    }

    private static KeyValueStore<Bytes, byte[]> store(String name) {
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static ReferenceState newReference() {
        return new ReferenceState("m/v1/first-3000ms", ReferenceState.Kind.FIRST_DURATION, 0, 0, 3_000, new FeatureSketches(100, 20));
    }

    /** Numeric, categorical and embedding features, some missing, one of unknown kind for its first 40 events. */
    private static Map<String, Object> features(Random random, int i) {
        Map<String, Object> values = new HashMap<>();
        for (int f = 0; f < 4; f++) {
            values.put("n" + f, random.nextInt(10) == 0 ? null : random.nextGaussian() * (f + 1) + (i > 600 ? 1 : 0));
        }
        values.put("c", random.nextInt(12) == 0 ? null : "cat-" + random.nextInt(30));
        values.put("e", List.of(random.nextFloat(), random.nextFloat(), (float) random.nextGaussian()));
        values.put("late", i < 40 ? null : random.nextDouble());
        return values;
    }

    /** One event of the drift processor's live path, as DriftState sees it. */
    private static void step(DriftState state, Random random, int i) {
        step(state, VERSION, random, i);
    }

    private static void step(DriftState state, String version, Random random, int i) {
        long time = i * 10L;
        long pane = time / PANE_MS * PANE_MS;
        ReferenceState reference = state.referenceOrCreate(version, DriftStateTest::newReference);
        state.openPane(version, pane, () -> new FeatureSketches(100, 20));
        state.observe(version, pane, reference.acceptsServed(time), features(random, i));
        if (i % 17 == 0) {
            state.countNonFinite(version, pane, List.of("n1", "n3"));
        }
        state.advanceReference(version, time, 10);
        if (i % 100 == 99 && state.paneStarts().get(version).size() > 2) {
            state.closePane(version, state.paneStarts().get(version).first());
        }
    }

    private static DriftState run(DriftState state, Random random, int events) {
        for (int i = 0; i < events; i++) {
            step(state, random, i);
        }
        return state;
    }

    private static void assertSameState(DriftState actual, DriftState expected) {
        assertSameState(actual, expected, VERSION);
    }

    private static void assertSameState(DriftState actual, DriftState expected, String version) {
        assertThat(actual.paneStarts().get(version)).isEqualTo(expected.paneStarts().get(version));
        for (long pane : expected.paneStarts().get(version)) {
            assertThat(actual.pane(version, pane).toBytes()).as(version + " pane " + pane).isEqualTo(expected.pane(version, pane).toBytes());
        }
        assertThat(actual.reference(version).toBytes()).isEqualTo(expected.reference(version).toBytes());
    }

    @Test
    void aStateRebuiltAfterAnyCommitContinuesExactlyAsAnUninterruptedOne() {
        Stores2 uninterrupted = Stores2.open();
        Stores2 restarted = Stores2.open();
        DriftState expected = uninterrupted.state();
        DriftState actual = restarted.state();
        Random values = new Random(1);
        Random commits = new Random(2);
        int restartCount = 0;
        for (int i = 0; i < 1_200; i++) {
            long seed = values.nextLong();
            step(expected, new Random(seed), i);
            step(actual, new Random(seed), i);
            if (commits.nextInt(5) == 0) {
                uninterrupted.commit();
                restarted.commit();
                if (commits.nextInt(5) == 0) {
                    actual = restarted.state();
                    restartCount++;
                    assertSameState(actual, expected);
                }
            }
        }

        assertThat(restartCount).isGreaterThan(30);
        assertThat(expected.reference(VERSION).complete()).isTrue();
        uninterrupted.commit();
        restarted.commit();
        assertSameState(restarted.state(), expected);
        assertThat(restarted.paneKeys()).isEqualTo(uninterrupted.paneKeys());
    }

    @Test
    void aStateThatCrashedBetweenCommitsContinuesExactlyOnceItsUncommittedEventsAreProcessedAgain() {
        Stores2 uninterrupted = Stores2.open();
        Stores2 crashed = Stores2.open();
        DriftState expected = uninterrupted.state();
        DriftState actual = crashed.state();
        Random commits = new Random(8);
        int committedUpTo = 0;
        int crashes = 0;
        for (int i = 0; i < 1_200; i++) {
            step(expected, new Random(i), i);
            step(actual, new Random(i), i);
            if (commits.nextInt(4) == 0) {
                crashed.commit();
                committedUpTo = i + 1;
            } else if (commits.nextInt(20) == 0) {
                // Killed: what was not committed is lost, and its input is read again.
                actual = crashed.crash();
                crashes++;
                for (int j = committedUpTo; j <= i; j++) {
                    step(actual, new Random(j), j);
                }
                assertSameState(actual, expected);
            }
        }

        assertThat(crashes).isGreaterThan(20);
        crashed.commit();
        assertSameState(crashed.state(), expected);
    }

    @Test
    void aCommitWritesAVersionsChangesSinceTheLastCommitAsOneLogEntry() {
        Stores2 stores = Stores2.open();
        DriftState state = stores.state();
        Random random = new Random(9);
        for (int i = 0; i < 3; i++) {
            step(state, random, i);
        }
        assertThat(stores.paneKeys()).as("nothing logged before the commit").noneMatch(k -> k.startsWith(VERSION + "|l|"));

        stores.commit();

        assertThat(stores.paneKeys()).filteredOn(k -> k.startsWith(VERSION + "|l|")).hasSize(1);
        assertSameState(stores.state(), state);
    }

    @Test
    void versionsLetGoBeyondTheBoundAreReadBackAsTheyWere() {
        Stores2 unbounded = Stores2.open();
        Stores2 bounded = Stores2.open();
        DriftState expected = unbounded.state(100);
        DriftState actual = bounded.state(1);
        List<String> versions = List.of("m|v1", "m|v2", "n|v1");
        Random values = new Random(7);
        for (int i = 0; i < 400; i++) {
            for (String version : versions) {
                long seed = values.nextLong();
                step(expected, version, new Random(seed), i);
                step(actual, version, new Random(seed), i);
            }
        }

        bounded.commit();
        for (String version : versions) {
            assertSameState(actual, expected, version);
            assertSameState(bounded.state(1), expected, version);
        }
    }

    @Test
    void writesOneEntryPerSeriesAndPaneAndKeepsAtMostAFoldOfLog() {
        Stores2 stores = Stores2.open();
        DriftState state = run(stores.state(), new Random(3), 250);
        stores.commit();

        List<String> keys = stores.paneKeys();
        assertThat(keys).filteredOn(k -> k.startsWith(VERSION + "|l|")).hasSizeLessThan(FOLD_EVERY);
        assertThat(keys).filteredOn(k -> k.startsWith(VERSION + "|p|")).hasSize(3);
        assertThat(keys).contains(PaneKeys.of(VERSION + "|s|n0", 0), PaneKeys.of(VERSION + "|s|late", 2_000));
        assertThat(keys).filteredOn(k -> k.startsWith(VERSION + "|s|")).hasSize(3 * 7);
    }

    @Test
    void closingEveryPaneLeavesNothingOfThemInTheStore() {
        Stores2 stores = Stores2.open();
        DriftState state = run(stores.state(), new Random(4), 333);
        for (long pane : state.paneStarts().get(VERSION)) {
            state.closePane(VERSION, pane);
        }

        assertThat(stores.paneKeys()).isEmpty();
        assertThat(stores.state().reference(VERSION).toBytes()).isEqualTo(state.reference(VERSION).toBytes());
    }

    @Test
    void readsWholePanesAndReferencesOfFormatOneAndWritesThemAsSeriesAtTheNextFold() {
        Stores2 stores = Stores2.open();
        Random random = new Random(5);
        ReferenceState reference = newReference();
        FeatureSketches pane = new FeatureSketches(100, 20);
        for (int i = 0; i < 150; i++) {
            Map<String, Object> values = features(random, i);
            reference.add(values);
            pane.add(values, reference::anchor);
        }
        String oldPaneKey = PaneKeys.of(VERSION, 0);
        stores.panes().put(bytes(oldPaneKey), pane.toBytes());
        stores.references().put(bytes(VERSION), reference.toBytes());

        DriftState state = stores.state();
        assertThat(state.pane(VERSION, 0).toBytes()).isEqualTo(pane.toBytes());
        assertThat(state.reference(VERSION).toBytes()).isEqualTo(reference.toBytes());
        for (int i = 150; i < 150 + FOLD_EVERY; i++) {
            step(state, random, i);
        }
        stores.commit();

        assertThat(stores.paneKeys()).doesNotContain(oldPaneKey).contains(PaneKeys.of(VERSION + "|s|e", 0));
        assertThat(stores.references().get(bytes(VERSION))[0]).isEqualTo(ReferenceState.HEADER_FORMAT);
        assertSameState(stores.state(), state);
    }

    @Test
    void aChangeRoundTripsWithEveryKindOfValue() {
        Map<String, Object> values = new HashMap<>();
        values.put("n", 1.5);
        values.put("f", 2.25f);
        values.put("c", "red");
        values.put("e", List.of(0.5f, -1f));
        values.put("m", null);
        values.put("größe\u0000", "東京");
        DriftChange observed = new DriftChange.Observed(3_000, true, values);

        DriftChange.Observed back = (DriftChange.Observed) DriftChange.fromBytes(DriftChange.toBytes(observed));

        assertThat(back.pane()).isEqualTo(3_000);
        assertThat(back.toReference()).isTrue();
        assertThat(back.features()).containsEntry("n", 1.5).containsEntry("f", 2.25).containsEntry("c", "red")
                .containsEntry("e", List.of(0.5f, -1f)).containsEntry("m", null).containsEntry("größe\u0000", "東京").hasSize(6);
        for (DriftChange change : List.of(new DriftChange.NonFinite(DriftChange.NO_PANE, List.of("a", "b")),
                new DriftChange.ReferenceAdvanced(12, 34))) {
            assertThat(DriftChange.fromBytes(DriftChange.toBytes(change))).isEqualTo(change);
        }
    }

    @Test
    void aSeriesRoundTripsEveryKindOfSketchAndTheMissingCountOfAnUnknownKind() {
        FeatureSketches sketches = new FeatureSketches(100, 20);
        Random random = new Random(6);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> values = features(random, i);
            values.put("never", null);
            sketches.add(values, f -> new double[] {1, 0, 0});
        }
        sketches.add(Map.of("c", 3.0), f -> null);

        FeatureSketches back = SketchSeries.fromHeader(SketchSeries.header(sketches));
        for (String feature : sketches.features()) {
            SketchSeries.restore(back, SketchSeries.series(sketches, feature));
        }

        assertThat(back.toBytes()).isEqualTo(sketches.toBytes());
        assertThat(back.missingOfUnknownKind("never")).isEqualTo(500);
        assertThat(back.takeChanged()).as("restored, not changed").isEmpty();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }
}
