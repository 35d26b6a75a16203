package io.shepherd.projections.sink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices bulk requests Elasticsearch leaves unanswered past a threshold. A stall starts when the first request
 * crosses it and ends when no such request is left: each is logged once, every slow request is counted, and the
 * stall is described for the health check. It only watches; the requests keep waiting (and fail only at the
 * client's response timeout) as before.
 */
final class StallWatch {

    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);

    private record Request(long startedNanos, int operations, boolean slow) {
    }

    private final Map<Long, Request> unanswered = new HashMap<>();
    private final Duration threshold;
    private final LongSupplier nanoClock;
    private final LongSupplier bufferedOperations;
    private final SinkCounters counters;
    /** When the oldest request of the current stall was sent; -1 when there is no stall. */
    private long stallStartedNanos = -1;

    StallWatch(Duration threshold, LongSupplier nanoClock, LongSupplier bufferedOperations, SinkCounters counters) {
        this.threshold = threshold;
        this.nanoClock = nanoClock;
        this.bufferedOperations = bufferedOperations;
        this.counters = counters;
    }

    synchronized void sent(long executionId, int operations) {
        unanswered.put(executionId, new Request(nanoClock.getAsLong(), operations, false));
    }

    /**
     * The request got an answer, a response or a failure. Requests past the threshold are marked first, so that what
     * counts as slow does not depend on when the watchdog last looked.
     */
    synchronized void answered(long executionId) {
        check();
        unanswered.remove(executionId);
        if (stallStartedNanos >= 0 && unanswered.values().stream().noneMatch(Request::slow)) {
            log.info("Elasticsearch answered the stalled bulk requests; the wait lasted {} ms", millisSince(stallStartedNanos));
            stallStartedNanos = -1;
        }
    }

    /** Marks the requests past the threshold as slow and starts a stall with the first; the watchdog's periodic task. */
    synchronized void check() {
        long now = nanoClock.getAsLong();
        long oldestNew = Long.MAX_VALUE;
        for (Map.Entry<Long, Request> e : unanswered.entrySet()) {
            Request r = e.getValue();
            if (!r.slow() && now - r.startedNanos() >= threshold.toNanos()) {
                e.setValue(new Request(r.startedNanos(), r.operations(), true));
                counters.slowRequest();
                oldestNew = Math.min(oldestNew, r.startedNanos());
            }
        }
        if (stallStartedNanos < 0 && oldestNew != Long.MAX_VALUE) {
            stallStartedNanos = oldestNew;
            log.warn("Elasticsearch has not answered a bulk request for {} ms; {} operations pending; still waiting,"
                    + " nothing is dropped", millisSince(oldestNew), pendingOperations());
        }
    }

    synchronized boolean stalled() {
        return stallStartedNanos >= 0;
    }

    /** What the stall looks like now, for the health check; empty when there is none. */
    synchronized Optional<String> describe() {
        if (stallStartedNanos < 0) {
            return Optional.empty();
        }
        long slow = unanswered.values().stream().filter(Request::slow).count();
        return Optional.of(slow + " bulk request(s) unanswered for up to " + millisSince(stallStartedNanos)
                + " ms, " + pendingOperations() + " operations pending");
    }

    private long pendingOperations() {
        return unanswered.values().stream().mapToLong(Request::operations).sum() + bufferedOperations.getAsLong();
    }

    private long millisSince(long startedNanos) {
        return Duration.ofNanos(nanoClock.getAsLong() - startedNanos).toMillis();
    }
}
