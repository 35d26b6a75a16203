package io.shepherd.streams.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.events.DeadLettered;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.validation.Intake;

/**
 * The global store of every model's history, folded from the lifecycle topic on every instance. Kafka Streams
 * restores it by replaying the topic through {@link Updater}, so the derived format is safe.
 */
public final class ModelDirectory {

    public static final String STORE = "model-directory";
    public static final String SOURCE = "lifecycle-source";
    public static final String UPDATER = "model-directory-updater";
    /** The key prefix of rejected records' dead letters: a model id cannot start with a NUL. */
    static final String REJECTED = "\u0000rejected|";

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

    /**
     * The dead letters of the lifecycle records the updater rejected, kept in the store (under a key no model id
     * takes) because a global store cannot forward; {@link LifecycleDeadLetters} sends them on.
     */
    public List<DeadLettered> rejected() {
        List<DeadLettered> letters = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(REJECTED, new StringSerializer())) {
            while (it.hasNext()) {
                letters.add(LifecycleIntake.letterOf(it.next().value));
            }
        }
        return letters;
    }

    /** Folds each lifecycle event into its model's history; keeps the dead letter of a record it cannot apply. */
    public static final class Updater implements Processor<String, byte[], Void, Void> {

        private final LifecycleIntake intake;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, byte[]> histories;

        public Updater(String application, Deserializer<ModelLifecycle> deserializer) {
            this.intake = new LifecycleIntake(application, deserializer);
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            histories = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                return;
            }
            Intake<ModelLifecycle> read = intake.read(record.value());
            if (!read.isAccepted()) {
                RecordMetadata meta = context.recordMetadata().orElseThrow();
                LOG.warn("lifecycle record at {}-{}@{} is not applied and goes to the dead letters: {}", meta.topic(), meta.partition(),
                        meta.offset(), read.rejection().detail());
                histories.put(REJECTED + meta.topic() + ":" + meta.partition() + ":" + meta.offset(),
                        intake.letter(meta, record, read));
                return;
            }
            ModelLifecycle event = read.value();
            byte[] raw = histories.get(event.getModelId());
            ModelHistory history = raw == null ? ModelHistory.empty(event.getModelId()) : ModelHistoryCodec.decode(raw);
            histories.put(event.getModelId(), ModelHistoryCodec.encode(ModelHistory.evolve(history, event)));
        }
    }
}
