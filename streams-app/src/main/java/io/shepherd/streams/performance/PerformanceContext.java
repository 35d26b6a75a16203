package io.shepherd.streams.performance;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.shepherd.events.OutcomeObserved;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.window.VersionClock;

/**
 * What the performance processors need, fixed when the topology is built.
 *
 * @param joinRetention how long the join keeps a prediction waiting for its label: the longest label delay of any
 *                      policy known at start; a model whose policy asks for more is capped at it
 * @param tick          how often, in stream time and on the wall clock, windows are restated, judged and expired
 * @param clock         how far a version's event time may lag its partition's before its windows move along anyway
 */
public record PerformanceContext(String application, Map<String, Object> serdeConfig, Function<String, ModelPolicy> policies,
                                 Duration joinRetention, Duration tick, VersionClock clock) {

    public PerformanceContext {
        serdeConfig = Map.copyOf(serdeConfig);
    }

    /** With the default clock of versions. */
    public PerformanceContext(String application, Map<String, Object> serdeConfig, Function<String, ModelPolicy> policies,
                              Duration joinRetention, Duration tick) {
        this(application, serdeConfig, policies, joinRetention, tick, VersionClock.DEFAULT);
    }

    AvroDeserializer<OutcomeObserved> newOutcomesDeserializer() {
        AvroDeserializer<OutcomeObserved> deserializer = new AvroDeserializer<>(OutcomeObserved.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }

    long labelDelayMs(String modelId) {
        return Math.min(policies.apply(modelId).performance().labelDelay().toMillis(), joinRetention.toMillis());
    }
}
