package io.shepherd.streams.validation;

import java.util.Optional;

import io.shepherd.contract.Topics;
import io.shepherd.events.PredictionServed;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.streams.lifecycle.ModelDirectory;

/**
 * Reads a record of the predictions topic once, the same way for every processor that reads that topic (drift,
 * serving, performance): decoded, valid ({@link EventValidator#check(PredictionServed)}) and of a version a lifecycle
 * event deploys, or rejected with its reason. Because all three get the same verdict, one of them (the drift
 * processor) dead-letters the rejected ones and the others skip exactly those: a bad prediction is dead-lettered once.
 */
public final class PredictionIntake {

    /** An accepted prediction and the state of its version. */
    public record Accepted(PredictionServed prediction, ModelHistory.VersionState version) {
    }

    private final AvroDeserializer<PredictionServed> deserializer;
    private final ModelDirectory directory;

    public PredictionIntake(AvroDeserializer<PredictionServed> deserializer, ModelDirectory directory) {
        this.deserializer = deserializer;
        this.directory = directory;
    }

    public Intake<Accepted> read(byte[] value) {
        Intake<PredictionServed> decoded = Intake.decode(value, v -> deserializer.deserialize(Topics.PREDICTIONS, v));
        if (!decoded.isAccepted()) {
            return decoded.map(p -> null);
        }
        PredictionServed p = decoded.value();
        Optional<Rejection> invalid = EventValidator.check(p);
        if (invalid.isPresent()) {
            return Intake.rejected(invalid.get(), p.getModelId());
        }
        Optional<ModelHistory.VersionState> version = directory.version(p.getModelId(), p.getModelVersion());
        if (version.isEmpty()) {
            return Intake.rejected(unknownVersion(p.getModelId(), p.getModelVersion()), p.getModelId());
        }
        return Intake.accepted(new Accepted(p, version.get()));
    }

    public static Rejection unknownVersion(String modelId, String version) {
        return new Rejection(Rejection.UNKNOWN_MODEL, "no lifecycle event deploys " + modelId + " version " + version);
    }
}
