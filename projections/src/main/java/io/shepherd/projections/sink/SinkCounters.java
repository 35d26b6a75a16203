package io.shepherd.projections.sink;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the sink did, per index and outcome and per dead-letter reason, for the metrics endpoint. */
public final class SinkCounters {

    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder slowRequests = new LongAdder();

    void outcome(String index, ItemOutcome outcome) {
        outcomes.computeIfAbsent(index + "|" + outcome.name(), k -> new LongAdder()).increment();
    }

    void deadLettered(String reason) {
        deadLetters.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void failedRequest() {
        failedRequests.increment();
    }

    void slowRequest() {
        slowRequests.increment();
    }

    /** Bulk requests Elasticsearch left unanswered past the sink's threshold, answered since or not. */
    public long slowRequests() {
        return slowRequests.sum();
    }

    /** Keyed {@code index|OUTCOME}. */
    public Map<String, Long> outcomes() {
        return snapshot(outcomes);
    }

    public Map<String, Long> deadLetters() {
        return snapshot(deadLetters);
    }

    public long failedRequests() {
        return failedRequests.sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
