package io.shepherd.streams.health;

import java.util.List;
import java.util.Objects;

import io.shepherd.events.HealthLevel;

/**
 * What {@link HealthCombiner} publishes as a ModelHealthChanged: the version's overall level before and after, what
 * holds it up, the source whose change or heartbeat this is with that source's window, and every source above NONE.
 *
 * @param previous      the overall level before; equal to {@code level} for a heartbeat and for a change of a source
 *                      under an unchanged overall level
 * @param level         the overall level: the highest source level
 * @param causes        the causes of the sources at {@code level}; empty at NONE
 * @param heartbeat     true for a periodic restatement
 * @param changedSource the source whose change or heartbeat is announced
 * @param evidence      that source's window
 * @param sources       every source above NONE, highest level first, then by name
 */
public record HealthAnnouncement(HealthLevel previous, HealthLevel level, List<String> causes, boolean heartbeat,
                                 String changedSource, WindowEvidence evidence, List<SourceLevels.Source> sources) {

    public HealthAnnouncement {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(changedSource, "changedSource");
        Objects.requireNonNull(evidence, "evidence");
        causes = List.copyOf(causes);
        sources = List.copyOf(sources);
    }

    /** Event time of the announcement: the end of the changed source's window. */
    public long decidedAt() {
        return evidence.windowEnd();
    }
}
