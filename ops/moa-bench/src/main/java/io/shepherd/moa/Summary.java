package io.shepherd.moa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One detector on one concept and drift shape, over the seeds: delays, misses, false alarms and its wall time. */
final class Summary {

    final String concept;
    final String shape;
    final String detector;
    private final List<Outcome> outcomes = new ArrayList<>();
    private long nanos;
    private long events;

    Summary(String concept, String shape, String detector) {
        this.concept = concept;
        this.shape = shape;
        this.detector = detector;
    }

    void add(Outcome outcome, long runNanos, long runEvents) {
        outcomes.add(outcome);
        nanos += runNanos;
        events += runEvents;
    }

    /** A markdown row: concept, drift, detector, delay mean, delay max, misses, false alarms mean and max, ms / 100k. */
    String row() {
        List<Integer> delays = outcomes.stream().filter(o -> !o.missed()).map(o -> o.delay().getAsInt()).toList();
        long misses = outcomes.stream().filter(Outcome::missed).count();
        double faMean = outcomes.stream().mapToDouble(Outcome::falseAlarmsPer100k).average().orElse(Double.NaN);
        double faMax = outcomes.stream().mapToDouble(Outcome::falseAlarmsPer100k).max().orElse(Double.NaN);
        String delayMean = delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%,.0f",
                delays.stream().mapToInt(Integer::intValue).average().orElseThrow());
        String delayMax = delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", delays.stream().mapToInt(Integer::intValue).max().orElseThrow());
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d/%d | %.1f | %.1f | %.1f |", concept, shape, detector, delayMean,
                delayMax, misses, outcomes.size(), faMean, faMax, nanos / 1e6 * 100_000 / events);
    }

    static String header() {
        return "| stream | drift | detector | delay mean (events) | delay max | misses | false alarms / 100k mean | max | ms / 100k events |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|";
    }
}
