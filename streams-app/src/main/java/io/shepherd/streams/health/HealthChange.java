package io.shepherd.streams.health;

import java.util.List;
import java.util.Objects;

import io.shepherd.events.HealthLevel;

/**
 * What {@link Escalation} announces for one source: a new level, or a heartbeat restating an unchanged one. The
 * {@link HealthCombiner} folds it into the version's {@link SourceLevels}; the evidence is the window that decided.
 *
 * @param previous   the level before
 * @param level      the level after; equal to {@code previous} exactly when this is a heartbeat
 * @param causes     what holds {@code level} up, most severe first; empty at NONE
 * @param heartbeat  true for a periodic restatement without change
 * @param evidence   the deciding window
 * @param topSignals the most significant signals of that window, most severe first, at most
 *                   {@link Escalation#TOP_SIGNALS}
 */
public record HealthChange(HealthLevel previous, HealthLevel level, List<String> causes, boolean heartbeat,
                           WindowAssessment evidence, List<Signal> topSignals) {

    public HealthChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(evidence, "evidence");
        causes = List.copyOf(causes);
        topSignals = List.copyOf(topSignals);
        if (heartbeat != (previous == level)) {
            throw new IllegalArgumentException(heartbeat
                    ? "a heartbeat restates a level, it cannot move from " + previous + " to " + level
                    : "a change must change the level, got " + previous + " -> " + level);
        }
    }

    /** True when the level went up. */
    public boolean isEscalation() {
        return level.compareTo(previous) > 0;
    }

    /** Event time at which the level was decided: the end of the deciding window. */
    public long decidedAt() {
        return evidence.windowEnd();
    }
}
