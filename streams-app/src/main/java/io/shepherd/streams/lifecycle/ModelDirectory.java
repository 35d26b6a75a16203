package io.shepherd.streams.lifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.contract.Topics;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.lifecycle.ModelHistory;

/**
 * The global store of every model's history, folded from the lifecycle topic on every instance. Kafka Streams
 * restores it by replaying the topic through {@link Updater}, so the derived format is safe.
 */
public final class ModelDirectory {

    public static final String STORE = "model-directory";
    public static final String SOURCE = "lifecycle-source";
    public static final String UPDATER = "model-directory-updater";

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    /** Decoded histories, reused while the store holds the same bytes (the in-memory store returns the same array). */
    private final Map<String, Decoded> decoded = new HashMap<>();

    private record Decoded(byte[] raw, ModelHistory history) {
    }

    public ModelDirectory(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public Optional<ModelHistory> model(String modelId) {
        byte[] raw = store.get(modelId);
        if (raw == null) {
            return Optional.empty();
        }
        Decoded cached = decoded.get(modelId);
        if (cached == null || cached.raw() != raw) {
            cached = new Decoded(raw, ModelHistoryCodec.decode(raw));
            decoded.put(modelId, cached);
        }
        return Optional.of(cached.history());
    }

    public Optional<ModelHistory.VersionState> version(String modelId, String version) {
        return model(modelId).flatMap(h -> h.version(version));
    }

    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        // A global store's changelog is its source topic.
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
    }

    /** Folds each lifecycle event into its model's history. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private final Deserializer<ModelLifecycle> deserializer;
        private KeyValueStore<String, byte[]> histories;

        public Updater(Deserializer<ModelLifecycle> deserializer) {
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            histories = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                return;
            }
            ModelLifecycle event;
            try {
                event = deserializer.deserialize(Topics.LIFECYCLE, record.value());
            } catch (RuntimeException e) {
                // A global store cannot forward to the dead-letter topic; the record stays on the lifecycle topic.
                LOG.error("lifecycle record with key {} cannot be read and is not applied: {}", record.key(), e.toString());
                return;
            }
            byte[] raw = histories.get(event.getModelId());
            ModelHistory history = raw == null ? ModelHistory.empty(event.getModelId()) : ModelHistoryCodec.decode(raw);
            histories.put(event.getModelId(), ModelHistoryCodec.encode(ModelHistory.evolve(history, event)));
        }
    }

}
