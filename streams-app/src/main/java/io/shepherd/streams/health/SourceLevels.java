package io.shepherd.streams.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;

/**
 * The level each source of evidence (drift, performance, serving, liveness, challenger) holds a model version at,
 * each with its own hysteresis, and the version's overall level: the highest of them. Pure and immutable:
 * {@link #apply} folds one source's change in and says whether the overall level moved.
 *
 * @param bySource level and causes per source name; sources at NONE may be absent
 */
public record SourceLevels(Map<String, Held> bySource) {

    /** What one source holds the version at, and why. */
    public record Held(HealthLevel level, List<String> causes) {
        public Held {
            causes = List.copyOf(causes);
        }
    }

    /** The next levels, and the overall change or heartbeat to announce, if any. */
    public record Applied(SourceLevels levels, Optional<HealthChange> overall) {}

    public SourceLevels {
        bySource = Collections.unmodifiableMap(new TreeMap<>(bySource));
    }

    public static SourceLevels initial() {
        return new SourceLevels(Map.of());
    }

    public HealthLevel overall() {
        return bySource.values().stream().map(Held::level).max(Enum::compareTo).orElse(HealthLevel.NONE);
    }

    /** The causes of every source at the overall level, in source order; empty at NONE. */
    public List<String> overallCauses() {
        HealthLevel overall = overall();
        if (overall == HealthLevel.NONE) {
            return List.of();
        }
        LinkedHashSet<String> causes = new LinkedHashSet<>();
        bySource.values().stream().filter(h -> h.level() == overall).forEach(h -> causes.addAll(h.causes()));
        return List.copyOf(causes);
    }

    /**
     * Folds in a change (or heartbeat) of one source. The overall level changes when the highest level across sources
     * changes; the change carries the source's deciding window as evidence and the causes of every source at the new
     * level. A source's heartbeat restates the overall level.
     */
    public Applied apply(String source, HealthChange change) {
        HealthLevel before = overall();
        List<String> causesBefore = overallCauses();
        Map<String, Held> next = new TreeMap<>(bySource);
        if (change.level() == HealthLevel.NONE) {
            next.remove(source);
        } else {
            next.put(source, new Held(change.level(), change.causes()));
        }
        SourceLevels after = new SourceLevels(next);
        if (change.heartbeat()) {
            return new Applied(after, Optional.of(new HealthChange(before, before, causesBefore, true,
                    change.evidence(), change.topSignals())));
        }
        HealthLevel now = after.overall();
        if (now == before) {
            return new Applied(after, Optional.empty());
        }
        List<String> causes = new ArrayList<>(after.overallCauses());
        return new Applied(after, Optional.of(new HealthChange(before, now, causes, false, change.evidence(),
                change.topSignals())));
    }
}
