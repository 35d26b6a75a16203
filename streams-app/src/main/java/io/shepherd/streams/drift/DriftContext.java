package io.shepherd.streams.drift;

import java.util.Map;
import java.util.function.Function;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.SchemaRegistries;
import io.shepherd.serde.SchemaRegistryClient;

/**
 * What the drift processors share, fixed when the topology is built: the application name for dead letters, the serde
 * configuration (each processor makes its own deserializers, which are not thread-safe), each model's settings, and after
 * how many drifting windows in a row a model version should be retrained (0: never).
 */
public record DriftContext(String application, Map<String, Object> serdeConfig, Function<String, DriftSettings> settingsByModel,
                           Function<String, Integer> retrainAfterByModel) {

    public DriftContext {
        serdeConfig = Map.copyOf(serdeConfig);
    }

    /** Without retraining requests. */
    public DriftContext(String application, Map<String, Object> serdeConfig, Function<String, DriftSettings> settingsByModel) {
        this(application, serdeConfig, settingsByModel, model -> 0);
    }

    public DriftSettings settings(String modelId) {
        return settingsByModel.apply(modelId);
    }

    FeaturesReader newFeaturesReader() {
        AvroSerdeConfig config = AvroSerdeConfig.from(serdeConfig);
        SchemaRegistryClient registry = SchemaRegistries.forConfig(config);
        return new FeaturesReader(registry, new AvroDeserializer<>(registry, config, FeaturesObserved.class));
    }

    AvroDeserializer<PredictionServed> newPredictionsDeserializer() {
        AvroDeserializer<PredictionServed> deserializer = new AvroDeserializer<>(PredictionServed.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }
}
