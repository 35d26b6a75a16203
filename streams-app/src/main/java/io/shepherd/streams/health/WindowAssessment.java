package io.shepherd.streams.health;

import java.util.List;
import java.util.Objects;

import io.shepherd.events.HealthLevel;

/**
 * Everything judged for one model version in one window: the single piece of evidence {@link Escalation} consumes.
 * A window in which nothing was measured has no signals and counts as healthy, so a stream that falls silent must be
 * reported as a {@link Signal#NO_DATA} signal, never as an empty assessment.
 *
 * @param windowStart     start of the window, event time in epoch milliseconds, inclusive
 * @param windowEnd       end of the window, exclusive; windows of one model version are judged in increasing end order
 * @param referenceId     the reference window or baseline compared against; may be null
 * @param signals         the facts judged, good and bad, in any order
 * @param sourceEventIds  ids of the events (drift scores, performance scores) the signals came from
 */
public record WindowAssessment(long windowStart, long windowEnd, String referenceId, List<Signal> signals,
                               List<String> sourceEventIds) {

    public WindowAssessment {
        if (windowEnd < windowStart) {
            throw new IllegalArgumentException("window ends (" + windowEnd + ") before it starts (" + windowStart
                    + ")");
        }
        signals = List.copyOf(Objects.requireNonNull(signals, "signals"));
        sourceEventIds = List.copyOf(Objects.requireNonNull(sourceEventIds, "sourceEventIds"));
    }

    /** The level this window alone asks for: the highest severity among its signals, NONE when there are none. */
    public HealthLevel targetLevel() {
        HealthLevel target = HealthLevel.NONE;
        for (Signal signal : signals) {
            if (signal.severity().compareTo(target) > 0) {
                target = signal.severity();
            }
        }
        return target;
    }

    /** The {@code limit} most significant signals, in {@link Signal#MOST_SIGNIFICANT_FIRST} order. */
    public List<Signal> topSignals(int limit) {
        return signals.stream().sorted(Signal.MOST_SIGNIFICANT_FIRST).limit(limit).toList();
    }
}
