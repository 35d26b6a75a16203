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
import io.shepherd.streams.validation.Admitted;
import io.shepherd.streams.validation.EdgeReader;
import io.shepherd.streams.validation.EventValidator;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.validation.Rejection;
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
     * Reads each features or predictions record once, at the version gate, with the checks every processor behind it
     * relies on: decoded, ids and event time present, a prediction valid ({@link EventValidator#check(PredictionServed)}).
     */
    public EdgeReader newEdgeReader() {
        FeaturesReader features = newFeaturesReader();
        AvroDeserializer<PredictionServed> predictions = newPredictionsDeserializer();
        return (topic, value) -> topic.equals(Topics.PREDICTIONS)
                ? Intake.decode(value, v -> predictions.deserialize(topic, v)).flatMap(p -> admitPrediction(p, value))
                : Intake.decode(value, v -> features.read(topic, v)).flatMap(o -> admitFeatures(topic, o, value));
    }

    private static Intake<Admitted> admitPrediction(PredictionServed p, byte[] value) {
        Optional<Rejection> invalid = EventValidator.check(p);
        return invalid.isPresent() ? Intake.rejected(invalid.get(), p.getModelId())
                : Intake.accepted(new Admitted(Topics.PREDICTIONS, Observation.of(p), p, value));
    }

    private static Intake<Admitted> admitFeatures(String topic, Observation o, byte[] value) {
        Optional<Rejection> invalid = EventValidator.checkIds(o.eventId(), o.modelId(), o.modelVersion(), o.eventTime());
        return invalid.isPresent() ? Intake.rejected(invalid.get(), o.modelId()) : Intake.accepted(new Admitted(topic, o, null, value));
    }

    AvroDeserializer<PredictionServed> newPredictionsDeserializer() {
        AvroDeserializer<PredictionServed> deserializer = new AvroDeserializer<>(PredictionServed.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }
}
