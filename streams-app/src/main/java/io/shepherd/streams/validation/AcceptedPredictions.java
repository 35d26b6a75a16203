package io.shepherd.streams.validation;

import java.util.Optional;

import io.shepherd.contract.Topics;
import io.shepherd.events.PredictionServed;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.SchemaRegistryException;

/**
 * The predictions a processor reading the predictions topic beside the drift processor takes: decoded and valid ones.
 * The rest are skipped here, because the drift processor, which reads the same records, dead-letters them with their
 * reason; a registry failure that may pass is thrown, so the record is retried rather than skipped.
 */
public final class AcceptedPredictions {

    private final AvroDeserializer<PredictionServed> deserializer;

    public AcceptedPredictions(AvroDeserializer<PredictionServed> deserializer) {
        this.deserializer = deserializer;
    }

    public Optional<PredictionServed> decode(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            PredictionServed p = deserializer.deserialize(Topics.PREDICTIONS, value);
            return EventValidator.check(p).isPresent() ? Optional.empty() : Optional.of(p);
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                throw e;
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
