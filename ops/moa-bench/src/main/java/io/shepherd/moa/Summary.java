package io.shepherd.moa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

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

    boolean control() {
        return !outcomes.isEmpty() && outcomes.get(0).control();
    }

    /** Mean delay over the seeds that detected the drift; empty when none did. */
    OptionalDouble delayMean() {
        return outcomes.stream().filter(o -> o.delay().isPresent()).mapToInt(o -> o.delay().getAsInt()).average();
    }

    long misses() {
        return outcomes.stream().filter(Outcome::missed).count();
    }

    int runs() {
        return outcomes.size();
    }

    /** False alarms per 100,000 watched events, over all seeds together. */
    double falseAlarmsPer100k() {
        long watched = outcomes.stream().mapToLong(Outcome::watched).sum();
        return outcomes.stream().mapToLong(Outcome::falseAlarms).sum() * 100_000.0 / watched;
    }

    /**
     * A markdown row: concept, drift, detector, delay mean, delay max, misses, lead-in alarms, false alarms per 100k
     * (over all seeds, and the worst seed), ms / 100k.
     */
    String row() {
        List<Integer> delays = outcomes.stream().filter(o -> o.delay().isPresent()).map(o -> o.delay().getAsInt()).toList();
        double faMax = outcomes.stream().mapToDouble(Outcome::falseAlarmsPer100k).max().orElse(Double.NaN);
        String delayMean = delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%,.0f", delayMean().orElseThrow());
        String delayMax = delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", delays.stream().mapToInt(Integer::intValue).max().orElseThrow());
        String misses = control() ? "-" : misses() + "/" + outcomes.size();
        String leadIn = control() ? "-" : Integer.toString(outcomes.stream().mapToInt(Outcome::leadInAlarms).sum());
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.1f |", concept, shape, detector, delayMean,
                delayMax, misses, leadIn, falseAlarmsPer100k(), faMax, nanos / 1e6 * 100_000 / events);
    }

    static String header() {
        return "| stream | drift | detector | delay mean (events) | delay max | misses | lead-in alarms | false alarms / 100k | worst seed |"
                + " ms / 100k events |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|";
    }
}
