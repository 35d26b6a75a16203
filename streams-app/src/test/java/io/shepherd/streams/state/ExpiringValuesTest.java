package io.shepherd.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpiringValuesTest {

    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("waiting"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static java.util.Optional<String> taken(ExpiringValues values, String key) {
        return values.take(key).map(ExpiringValuesTest::text);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void aValueIsTakenOnceAndLeavesNothingBehind() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("request-1", bytes("prediction"), T0);

        assertThat(taken(values, "request-1")).hasValue("prediction");
        assertThat(values.take("request-1")).isEmpty();
        assertThat(keys()).isEmpty();
    }

    @Test
    void valuesMoreThanTheRetentionBehindTheLatestTimeExpire() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("old", bytes("a"), T0);
        values.put("kept", bytes("b"), T0 + 5 * MINUTE);
        values.put("new", bytes("c"), T0 + 10 * MINUTE + 1);

        // "old" is 10 minutes and 1 ms behind: gone, from the store too once swept; "kept" is 5 minutes behind.
        values.sweep();
        assertThat(keys()).noneMatch(k -> k.endsWith("old"));
        assertThat(values.take("old")).isEmpty();
        assertThat(taken(values, "kept")).hasValue("b");
        assertThat(taken(values, "new")).hasValue("c");
    }

    @Test
    void anExpiredValueIsNotTakenEvenBeforeASweep() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("old", bytes("a"), T0);
        values.put("x", bytes("x"), T0 + 20 * MINUTE);
        values.put("y", bytes("y"), T0 + 20 * MINUTE + 1);

        assertThat(values.take("old")).isEmpty();
    }

    @Test
    void aValueAlreadyPastTheRetentionIsNotKept() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("new", bytes("a"), T0 + 30 * MINUTE);
        values.put("late", bytes("b"), T0);

        assertThat(values.take("late")).isEmpty();
        assertThat(keys()).noneMatch(k -> k.endsWith("late"));
    }

    @Test
    void aValueAlreadyPastTheRetentionLeavesTheKeysWaitingValueAlone() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("request", bytes("waiting"), T0 + 25 * MINUTE);
        values.put("other", bytes("x"), T0 + 30 * MINUTE);
        values.put("request", bytes("late copy"), T0);

        assertThat(taken(values, "request")).hasValue("waiting");
    }

    @Test
    void aSecondValueUnderAKeyReplacesTheFirstAndTheFirstsMarkerNeverExpiresIt() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        values.put("request", bytes("first"), T0);
        values.put("request", bytes("second"), T0 + 9 * MINUTE);

        // The first value's marker is left behind; once it expires it goes alone and the second value stays.
        values.put("later", bytes("x"), T0 + 10 * MINUTE + 1);
        values.sweep();
        assertThat(keys()).filteredOn(k -> k.startsWith("t|")).hasSize(2).noneMatch(k -> k.contains(Long.toString(T0) + "|"));
        assertThat(taken(values, "request")).hasValue("second");
        assertThat(taken(values, "later")).hasValue("x");
        assertThat(keys()).isEmpty();
    }

    @Test
    void theLatestTimeSurvivesARestartFromTheStore() {
        ExpiringValues before = new ExpiringValues(store, RETENTION);
        before.put("old", bytes("a"), T0);
        before.put("new", bytes("b"), T0 + 11 * MINUTE);

        // A new instance over the same store (a restart, a moved task) knows that "old" has expired.
        ExpiringValues after = new ExpiringValues(store, RETENTION);
        assertThat(after.take("old")).isEmpty();
        assertThat(taken(after, "new")).hasValue("b");
    }

    @Test
    void sweepsAsTimeMovesWithoutBeingAsked() {
        ExpiringValues values = new ExpiringValues(store, RETENTION);
        for (int i = 0; i < 100; i++) {
            values.put("r" + i, bytes("v"), T0 + i * MINUTE);
        }

        // The latest time is 99 minutes: at most what the last 10 minutes and one sweep interval hold is left.
        long left = keys().stream().filter(k -> k.startsWith("v|")).count();
        assertThat(left).isBetween(10L, 12L);
    }

    @Test
    void onAnOutsideClockValuesExpireOnlyWhenThatClockPassesTheirRetention() {
        ExpiringValues values = new ExpiringValues(store, RETENTION, false);
        values.put("request-1", bytes("early"), T0);
        values.put("request-2", bytes("an hour on"), T0 + 60 * MINUTE);
        assertThat(taken(values, "request-1")).as("no outside time yet: nothing has expired").hasValue("early");

        values.put("request-1", bytes("early"), T0);
        values.advanceTo(T0 + 10 * MINUTE);
        values.advanceTo(T0 + 5 * MINUTE);
        assertThat(taken(values, "request-1")).as("the clock went no further than the retention").hasValue("early");

        values.put("request-1", bytes("early"), T0);
        values.advanceTo(T0 + 11 * MINUTE);
        assertThat(values.take("request-1")).isEmpty();
        assertThat(taken(values, "request-2")).hasValue("an hour on");

        values.put("request-3", bytes("too old"), T0);
        assertThat(values.take("request-3")).as("a value already past the retention is not kept").isEmpty();
        assertThat(keys()).isEmpty();
    }

    @Test
    void onAnOutsideClockARestartDoesNotTakeTheLatestValueForTheTime() {
        ExpiringValues before = new ExpiringValues(store, RETENTION, false);
        before.put("request-1", bytes("early"), T0);
        before.put("request-2", bytes("an hour on"), T0 + 60 * MINUTE);

        ExpiringValues after = new ExpiringValues(store, RETENTION, false);
        assertThat(taken(after, "request-1")).hasValue("early");
        assertThat(taken(after, "request-2")).hasValue("an hour on");
    }
}
