package io.shepherd.streams.drift;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.SchemaRegistries;
import io.shepherd.serde.SchemaRegistryClient;
import io.shepherd.streams.pending.VersionGate;
import io.shepherd.streams.pending.VersionPeek;
import io.shepherd.streams.validation.EventValidator;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.window.VersionClock;

/**
 * What the drift processors share, fixed when the topology is built: the application name for dead letters, the serde
 * configuration (each processor makes its own deserializers, which are not thread-safe), each model's settings, and after
 * how many drifting windows in a row a model version should be retrained (0: never), how far a version's event time
 * may lag its partition's ({@link VersionClock}), and after how many logged changes a version's panes and reference are
 * folded into the store ({@link DriftState}).
 */
public record DriftContext(String application, Map<String, Object> serdeConfig, Function<String, DriftSettings> settingsByModel,
                           Function<String, Integer> retrainAfterByModel, VersionClock clock, int foldEvery) {

    /** Folding every 512 events costs about one encoding of the changed sketches per 512 events, small against them. */
    public static final int DEFAULT_FOLD_EVERY = 512;

    public DriftContext {
        serdeConfig = Map.copyOf(serdeConfig);
        if (foldEvery < 1) {
            throw new IllegalArgumentException("foldEvery must be positive, got " + foldEvery);
        }
    }

    /** Folding every {@link #DEFAULT_FOLD_EVERY} changes. */
    public DriftContext(String application, Map<String, Object> serdeConfig, Function<String, DriftSettings> settingsByModel,
                        Function<String, Integer> retrainAfterByModel, VersionClock clock) {
        this(application, serdeConfig, settingsByModel, retrainAfterByModel, clock, DEFAULT_FOLD_EVERY);
    }

    /** With the default clock of versions. */
    public DriftContext(String application, Map<String, Object> serdeConfig, Function<String, DriftSettings> settingsByModel,
                        Function<String, Integer> retrainAfterByModel) {
        this(application, serdeConfig, settingsByModel, retrainAfterByModel, VersionClock.DEFAULT);
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

    /**
     * Reads the model version of a valid features or predictions record for the {@link VersionGate}, with the readers
     * and checks the drift processor uses; a record they reject is left to the processors' intake, which dead-letters
     * it with its own reason.
     */
    public VersionPeek newVersionPeek() {
        FeaturesReader features = newFeaturesReader();
        AvroDeserializer<PredictionServed> predictions = newPredictionsDeserializer();
        return (topic, value) -> {
            Intake<Optional<VersionPeek.ModelVersion>> read = Intake.decode(value, v -> topic.equals(Topics.PREDICTIONS)
                    ? versionOf(predictions.deserialize(topic, v))
                    : versionOf(features.read(topic, v)));
            return read.isAccepted() ? read.value() : Optional.empty();
        };
    }

    private static Optional<VersionPeek.ModelVersion> versionOf(Observation o) {
        return EventValidator.checkIds(o.eventId(), o.modelId(), o.modelVersion(), o.eventTime()).isPresent() ? Optional.empty()
                : Optional.of(new VersionPeek.ModelVersion(o.modelId(), o.modelVersion()));
    }

    private static Optional<VersionPeek.ModelVersion> versionOf(PredictionServed p) {
        return EventValidator.check(p).isPresent() ? Optional.empty()
                : Optional.of(new VersionPeek.ModelVersion(p.getModelId(), p.getModelVersion()));
    }

    AvroDeserializer<PredictionServed> newPredictionsDeserializer() {
        AvroDeserializer<PredictionServed> deserializer = new AvroDeserializer<>(PredictionServed.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }
}
