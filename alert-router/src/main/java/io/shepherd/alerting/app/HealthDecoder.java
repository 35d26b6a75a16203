package io.shepherd.alerting.app;

import java.util.Map;

import io.shepherd.contract.Topics;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;

/** Reads {@code ModelHealthChanged} values; throws with the reason when a record is not one. */
final class HealthDecoder {

    private final AvroDeserializer<ModelHealthChanged> deserializer = new AvroDeserializer<>(ModelHealthChanged.class);

    HealthDecoder(Map<String, Object> serdeConfig) {
        deserializer.configure(serdeConfig, false);
    }

    ModelHealthChanged decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("empty value (tombstone) on " + Topics.MODEL_HEALTH);
        }
        return deserializer.deserialize(Topics.MODEL_HEALTH, value);
    }
}
