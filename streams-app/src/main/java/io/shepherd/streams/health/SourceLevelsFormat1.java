package io.shepherd.streams.health;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;

/**
 * {@link SourceLevels} as format 1 of the combiner's store wrote them: level and causes per source, without the time
 * each entered its level or its window. Read only, to restore a changelog written before format 2.
 */
public record SourceLevelsFormat1(Map<String, Held> bySource) {

    public record Held(HealthLevel level, List<String> causes) {}

    /** The same levels and causes; the time they were entered unknown until the next announcement, no window yet. */
    public SourceLevels upgrade() {
        Map<String, SourceLevels.Held> held = new TreeMap<>();
        if (bySource != null) {
            bySource.forEach((source, h) -> held.put(source, new SourceLevels.Held(h.level(),
                    h.causes() == null ? List.of() : h.causes(), WindowEvidence.UNKNOWN, WindowEvidence.unknown())));
        }
        return new SourceLevels(held);
    }
}
