package io.shepherd.projections.sink;

import java.time.Duration;

/** How the sink batches and how long it waits before writing again after a failure. */
public record SinkOptions(int maxOperations, int maxConcurrentRequests, Duration flushInterval,
                          Duration initialBackoff, Duration maxBackoff) {

    public static SinkOptions defaults() {
        return new SinkOptions(1000, 2, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(10));
    }
}
