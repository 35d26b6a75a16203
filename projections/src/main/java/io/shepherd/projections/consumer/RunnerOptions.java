package io.shepherd.projections.consumer;

import java.time.Duration;

/** How often the loop polls, commits and measures its lag. */
public record RunnerOptions(Duration pollTimeout, Duration commitInterval, Duration lagInterval) {

    public static RunnerOptions defaults() {
        return new RunnerOptions(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
}
