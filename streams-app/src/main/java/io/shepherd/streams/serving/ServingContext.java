package io.shepherd.streams.serving;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.window.VersionClock;

/**
 * What the serving-health processor needs, fixed when the topology is built.
 *
 * @param wallClockCheck how often silence is checked on the wall clock, which is what notices a stream that stopped
 *                       altogether (stream time does not move then)
 * @param clock          how far a version's event time may lag its partition's before its windows close anyway
 */
public record ServingContext(Map<String, Object> serdeConfig, Function<String, ModelPolicy> policies, Duration wallClockCheck,
                             VersionClock clock) {

    public ServingContext {
        serdeConfig = Map.copyOf(serdeConfig);
    }

    /** With the default clock of versions. */
    public ServingContext(Map<String, Object> serdeConfig, Function<String, ModelPolicy> policies, Duration wallClockCheck) {
        this(serdeConfig, policies, wallClockCheck, VersionClock.DEFAULT);
    }
}
