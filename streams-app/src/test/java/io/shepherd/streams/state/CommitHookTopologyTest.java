package io.shepherd.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commit hook in a running topology: objects a processor changed reach their changelogged store when Kafka Streams
 * commits the task (the test driver commits after every input record), with the thread's cache on or off.
 */
class CommitHookTopologyTest {

    private static final String COUNTS = "counts";
    private static final String COMMIT = "counts-commit";

    private static final Codec<long[]> COUNTER = new Codec<>() {
        @Override
        public byte[] encode(long[] value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value[0]).array();
        }

        @Override
        public long[] decode(byte[] bytes) {
            return new long[] {ByteBuffer.wrap(bytes).getLong()};
        }
    };

    /** Counts records per key in live objects written by the hook. */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private LiveObjects<long[]> counts;
        private CommitHook hook;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            hook = CommitHook.of(context, COMMIT);
            counts = LiveObjects.of(context, COUNTS, COUNTER, 100, hook);
        }

        @Override
        public void process(Record<String, String> record) {
            counts.getOrCreate(record.key(), () -> new long[1])[0]++;
            counts.markDirty(record.key());
        }

        @Override
        public void close() {
            hook.close();
        }
    }

    private static Topology topology() {
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "input");
        topology.addProcessor("counting", Counting::new, "in");
        topology.addStateStore(LiveObjects.storeBuilder(COUNTS), "counting");
        topology.addStateStore(CommitHook.storeBuilder(COMMIT), "counting");
        return topology;
    }

    @ParameterizedTest(name = "thread cache of {0} bytes")
    @ValueSource(longs = {10 * 1024 * 1024, 0})
    void objectsChangedBetweenCommitsAreInTheStoreAfterEachCommit(long cacheBytes) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-hook-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), props)) {
            TestInputTopic<String, String> input = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(COUNTS);

            input.pipeInput("a", "1");
            input.pipeInput("b", "2");
            input.pipeInput("a", "3");

            assertThat(count(store, "a")).isEqualTo(2);
            assertThat(count(store, "b")).isEqualTo(1);
            input.pipeInput("b", "4");
            assertThat(count(store, "b")).isEqualTo(2);
        }
    }

    private static long count(KeyValueStore<Bytes, byte[]> store, String key) {
        byte[] bytes = store.get(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)));
        return bytes == null ? 0 : COUNTER.decode(bytes)[0];
    }
}
