package io.shepherd.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveObjectsTest {

    /** A mutable list of strings, encoded as its elements joined by commas. */
    private static final Codec<List<String>> LISTS = new Codec<>() {
        @Override
        public byte[] encode(List<String> value) {
            return String.join(",", value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<String> decode(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(text.split(",")));
        }
    };

    private KeyValueStore<Bytes, byte[]> store;
    private final CommitHook hook = CommitHook.manual();

    @BeforeEach
    void openStore() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("objects"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    private LiveObjects<List<String>> objects(int max) {
        return new LiveObjects<>(store, LISTS, max, hook);
    }

    private String stored(String key) {
        byte[] bytes = store.get(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)));
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesWhatWasPutOrMarkedDirtyAtTheCommitOnceEach() {
        LiveObjects<List<String>> objects = objects(10);

        List<String> list = objects.getOrCreate("a", ArrayList::new);
        list.add("x");
        objects.markDirty("a");
        list.add("y");
        objects.markDirty("a");
        objects.put("b", new ArrayList<>(List.of("z")));
        assertThat(stored("a")).as("before the commit").isNull();
        assertThat(stored("b")).isNull();

        hook.commit();

        assertThat(stored("a")).isEqualTo("x,y");
        assertThat(stored("b")).isEqualTo("z");
        list.add("w");
        hook.commit();
        assertThat(stored("a")).as("changed but not marked").isEqualTo("x,y");
    }

    @Test
    void aNewInstanceOverTheSameStoreReadsWhatWasCommitted() {
        LiveObjects<List<String>> first = objects(10);
        first.getOrCreate("m|1", ArrayList::new).add("x");
        first.markDirty("m|1");
        hook.commit();
        first.getOrCreate("m|1", ArrayList::new).add("lost");
        first.markDirty("m|1");

        LiveObjects<List<String>> second = objects(10);

        assertThat(second.get("m|1")).containsExactly("x");
        assertThat(second.get("m|2")).isNull();
    }

    @Test
    void keepsAtMostTheBoundDecodedDroppingTheLeastRecentlyUsed() {
        LiveObjects<List<String>> objects = objects(2);
        objects.put("a", new ArrayList<>(List.of("1")));
        objects.put("b", new ArrayList<>(List.of("2")));
        List<String> a = objects.get("a");
        objects.put("c", new ArrayList<>(List.of("3")));

        assertThat(objects.liveObjects()).isEqualTo(2);
        assertThat(objects.get("a")).as("recently used, still live").isSameAs(a);
        assertThat(stored("b")).as("written as it was evicted, before any commit").isEqualTo("2");
        assertThat(objects.get("b")).as("evicted, read back").containsExactly("2");
        assertThatThrownBy(() -> objects(2).markDirty("a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listsKeysByPrefixInOrderAndForgetsDeletedOnes() {
        LiveObjects<List<String>> objects = objects(10);
        for (String key : List.of("m|2|b", "m|1|a", "n|1|a", "m|1|c")) {
            objects.put(key, new ArrayList<>());
        }
        objects.delete("m|1|c");

        assertThat(objects.keysWithPrefix("m|")).as("before the commit").containsExactly("m|1|a", "m|2|b");
        hook.commit();
        assertThat(objects.keysWithPrefix("m|")).containsExactly("m|1|a", "m|2|b");
        assertThat(objects.keysWithPrefix("")).containsExactly("m|1|a", "m|2|b", "n|1|a");
        assertThat(objects.get("m|1|c")).isNull();
        assertThat(stored("m|1|c")).isNull();
    }
}
