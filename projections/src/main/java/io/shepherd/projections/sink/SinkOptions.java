package io.shepherd.projections.sink;

import java.time.Duration;

/**
 * How the sink batches, how long it waits before writing again after a failure, and after how long without an answer
 * a bulk request counts as slow (logged, counted, shown in health and metrics; it keeps waiting).
 */
public record SinkOptions(int maxOperations, int maxConcurrentRequests, Duration flushInterval,
                          Duration initialBackoff, Duration maxBackoff, Duration slowRequestAfter) {

    public static final Duration SLOW_REQUEST_AFTER = Duration.ofSeconds(10);

    public static SinkOptions defaults() {
        return new SinkOptions(1000, 2, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(10),
                SLOW_REQUEST_AFTER);
    }

    public SinkOptions withSlowRequestAfter(Duration after) {
        return new SinkOptions(maxOperations, maxConcurrentRequests, flushInterval, initialBackoff, maxBackoff, after);
    }
}
