package io.shepherd.streams.health;

import java.util.List;

/**
 * The window that last set or restated a source's level, as much of it as an event states: its bounds, the reference
 * it was compared with, its most significant signals and the events they came from.
 *
 * @param windowStart    start of the window, event time; {@link #UNKNOWN} for a level restored from before evidence was kept
 * @param windowEnd      end of the window, event time; {@link #UNKNOWN} likewise
 * @param referenceId    the reference window or baseline compared against; may be null
 * @param topSignals     the most significant signals, most severe first, at most {@link Escalation#TOP_SIGNALS}
 * @param sourceEventIds ids of the events (scores) the signals came from
 */
public record WindowEvidence(long windowStart, long windowEnd, String referenceId, List<Signal> topSignals,
                             List<String> sourceEventIds) {

    /** Bound of a window that is not known. */
    public static final long UNKNOWN = HealthState.NEVER;

    public WindowEvidence {
        topSignals = topSignals == null ? List.of() : List.copyOf(topSignals);
        sourceEventIds = sourceEventIds == null ? List.of() : List.copyOf(sourceEventIds);
    }

    /** The deciding window of a change or heartbeat. */
    public static WindowEvidence of(HealthChange change) {
        WindowAssessment window = change.evidence();
        return new WindowEvidence(window.windowStart(), window.windowEnd(), window.referenceId(), change.topSignals(),
                window.sourceEventIds());
    }

    /** No window known: a level restored from a state written before evidence was kept. */
    public static WindowEvidence unknown() {
        return new WindowEvidence(UNKNOWN, UNKNOWN, null, List.of(), List.of());
    }

    public boolean known() {
        return windowEnd != UNKNOWN;
    }
}
