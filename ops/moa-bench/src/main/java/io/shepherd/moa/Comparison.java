package io.shepherd.moa;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Shepherd against the fastest MOA detector that is at least as careful on the same streams: no more false alarms
 * (per 100,000 watched events, over the seeds) and no more misses. One markdown row per stream and drift shape.
 */
final class Comparison {

    private Comparison() {
    }

    static String header() {
        return "| stream | drift | Shepherd detector | delay | misses | false alarms / 100k | fastest MOA detector as careful | its delay |"
                + " misses | false alarms / 100k | Shepherd vs it |\n|---|---|---|---:|---:|---:|---|---:|---:|---:|---|";
    }

    /** @param moa the MOA detectors' summaries of the same input, stream and shape */
    static String row(Summary shepherd, List<Summary> moa) {
        Optional<Summary> fastest = fastestAsCareful(shepherd, moa);
        String verdict = verdict(shepherd, fastest);
        String head = String.format(Locale.ROOT, "| %s | %s | %s | %s | %d/%d | %.2f |", shepherd.concept, shepherd.shape, shepherd.detector,
                delay(shepherd),
                shepherd.misses(), shepherd.runs(), shepherd.falseAlarmsPer100k());
        if (fastest.isEmpty()) {
            return head + " none | - | - | - | " + verdict + " |";
        }
        Summary f = fastest.get();
        return head + String.format(Locale.ROOT, " %s | %s | %d/%d | %.2f | %s |", f.detector, delay(f), f.misses(), f.runs(),
                f.falseAlarmsPer100k(), verdict);
    }

    static Optional<Summary> fastestAsCareful(Summary shepherd, List<Summary> moa) {
        return moa.stream()
                .filter(m -> m.delayMean().isPresent())
                .filter(m -> m.misses() <= shepherd.misses() && m.falseAlarmsPer100k() <= shepherd.falseAlarmsPer100k())
                .min(Comparator.comparingDouble(m -> m.delayMean().getAsDouble()));
    }

    static String verdict(Summary shepherd, Optional<Summary> fastest) {
        if (shepherd.delayMean().isEmpty()) {
            return fastest.isEmpty() ? "all missed" : "Shepherd missed every seed";
        }
        if (fastest.isEmpty()) {
            return "no MOA detector as careful";
        }
        double s = shepherd.delayMean().getAsDouble();
        double m = fastest.get().delayMean().getAsDouble();
        if (s <= m) {
            return String.format(Locale.ROOT, "faster or equal, by %,.0f events", m - s);
        }
        return String.format(Locale.ROOT, "slower by %,.0f events (%.1fx)", s - m, m > 0 ? s / m : Double.POSITIVE_INFINITY);
    }

    private static String delay(Summary summary) {
        return summary.delayMean().isPresent() ? String.format(Locale.ROOT, "%,.0f", summary.delayMean().getAsDouble()) : "-";
    }
}
