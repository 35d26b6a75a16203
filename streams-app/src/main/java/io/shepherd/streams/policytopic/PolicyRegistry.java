package io.shepherd.streams.policytopic;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PolicyBook;

/**
 * Per-model policies: the policy file (or built-in defaults) overridden by the compacted policy topic, whose records
 * are one model's JSON override each (a tombstone removes it). The global store's processor updates this registry on
 * every instance; stream threads read it. Derived values are cached per model until its policy changes.
 */
public final class PolicyRegistry {

    public static final String STORE = "model-policies";
    public static final String SOURCE = "policies-source";
    public static final String UPDATER = "model-policies-updater";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);

    private final PolicyBook base;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();
    /** One cache per derivation, so two derivations of one model never see each other's values. */
    private final List<Map<String, ?>> derivedCaches = new CopyOnWriteArrayList<>();

    public PolicyRegistry(PolicyBook base) {
        this.base = base;
    }

    public ModelPolicy forModel(String modelId) {
        String override = overrides.get(modelId);
        return override == null ? base.forModel(modelId) : base.withModel(modelId, override).forModel(modelId);
    }

    /** A value derived from a model's policy (such as the drift settings), computed once per policy change. */
    public <T> Function<String, T> derive(Function<ModelPolicy, T> derivation) {
        Map<String, T> cache = new ConcurrentHashMap<>();
        derivedCaches.add(cache);
        return modelId -> cache.computeIfAbsent(modelId, m -> derivation.apply(forModel(m)));
    }

    void apply(String modelId, String json) {
        if (json == null || json.isBlank()) {
            overrides.remove(modelId);
        } else {
            base.withModel(modelId, json);
            overrides.put(modelId, json);
        }
        derivedCaches.forEach(cache -> cache.remove(modelId));
    }

    public static StoreBuilder<KeyValueStore<String, String>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()).withLoggingDisabled();
    }

    /** Applies each policy record; an invalid one is logged and left out, and the model keeps its previous policy. */
    public static final class Updater implements Processor<String, String, Void, Void> {
        private final PolicyRegistry registry;
        private KeyValueStore<String, String> store;

        public Updater(PolicyRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.key() == null) {
                LOG.error("policy record without a model id as key: ignored");
                return;
            }
            try {
                registry.apply(record.key(), record.value());
                store.put(record.key(), record.value());
                LOG.info("policy of model {} {}", record.key(), record.value() == null ? "reset to defaults" : "updated");
            } catch (RuntimeException e) {
                LOG.error("policy of model {} is invalid and is not applied: {}", record.key(), e.getMessage());
            }
        }
    }
}
