package io.shepherd.streams.serving;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.shepherd.events.PredictionServed;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.streams.policy.ModelPolicy;

/**
 * What the serving-health processor needs, fixed when the topology is built.
 *
 * @param wallClockCheck how often silence is checked on the wall clock, which is what notices a stream that stopped
 *                       altogether (stream time does not move then)
 */
public record ServingContext(Map<String, Object> serdeConfig, Function<String, ModelPolicy> policies, Duration wallClockCheck) {

    public ServingContext {
        serdeConfig = Map.copyOf(serdeConfig);
    }

    AvroDeserializer<PredictionServed> newDeserializer() {
        AvroDeserializer<PredictionServed> deserializer = new AvroDeserializer<>(PredictionServed.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }
}
