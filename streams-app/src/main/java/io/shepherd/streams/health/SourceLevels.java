package io.shepherd.streams.health;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;

/**
 * The level each source of evidence (drift, performance, serving, liveness, challenger) holds a model version at,
 * each with its own hysteresis, and the version's overall level: the highest of them. Pure and immutable:
 * {@link #apply} folds one source's change in and says what to announce.
 *
 * <p>A change is announced when the overall level moves, and also when a source's level or causes move under an
 * unchanged overall level, so a lower source (drift at WARNING under a CRITICAL performance drop) is never hidden by
 * a higher one. A heartbeat is always announced. Every announcement lists every source above NONE.
 *
 * @param bySource what each source holds the version at; sources at NONE are absent
 */
public record SourceLevels(Map<String, Held> bySource) {

    /**
     * What one source holds the version at, and why.
     *
     * @param since    event time the source entered its level (end of the deciding window); {@link WindowEvidence#UNKNOWN}
     *                 for a level restored from a state that did not keep it, until the next announcement dates it
     * @param evidence the window that last set or restated the level
     */
    public record Held(HealthLevel level, List<String> causes, long since, WindowEvidence evidence) {
        public Held {
            Objects.requireNonNull(level, "level");
            causes = List.copyOf(causes);
            evidence = evidence == null ? WindowEvidence.unknown() : evidence;
        }

        Held datedAt(long at) {
            return since == WindowEvidence.UNKNOWN ? new Held(level, causes, at, evidence) : this;
        }
    }

    /** One source and what it holds the version at. */
    public record Source(String name, Held held) {}

    /** The next levels, and what to announce, if anything. */
    public record Applied(SourceLevels levels, Optional<HealthAnnouncement> announcement) {}

    /** Highest level first, then by source name. */
    private static final Comparator<Source> LISTING = Comparator
            .comparing((Source s) -> s.held().level(), Comparator.reverseOrder())
            .thenComparing(Source::name);

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

    /** Every source above NONE, highest level first, then by name. */
    public List<Source> listed() {
        return bySource.entrySet().stream().map(e -> new Source(e.getKey(), e.getValue())).sorted(LISTING).toList();
    }

    /**
     * Folds in a change (or heartbeat) of one source. The source's entry takes the change's level, causes and window;
     * it keeps the time it entered its level across heartbeats. The overall level is the highest source level; its
     * causes are those of every source at it. A heartbeat restates everything.
     */
    public Applied apply(String source, HealthChange change) {
        Held was = bySource.get(source);
        SourceLevels after = with(source, change, was).datedAt(change.decidedAt());
        Held is = after.bySource.get(source);
        HealthLevel before = overall();
        boolean moved = after.overall() != before || !sameLevelAndCauses(was, is);
        if (!change.heartbeat() && !moved) {
            return new Applied(after, Optional.empty());
        }
        HealthLevel previous = change.heartbeat() ? after.overall() : before;
        return new Applied(after, Optional.of(new HealthAnnouncement(previous, after.overall(), after.overallCauses(),
                change.heartbeat(), source, WindowEvidence.of(change), after.listed())));
    }

    private SourceLevels with(String source, HealthChange change, Held was) {
        Map<String, Held> next = new TreeMap<>(bySource);
        if (change.level() == HealthLevel.NONE) {
            next.remove(source);
            return new SourceLevels(next);
        }
        boolean stays = change.heartbeat() && was != null && was.level() == change.level();
        long since = stays ? was.since() : change.decidedAt();
        next.put(source, new Held(change.level(), change.causes(), since, WindowEvidence.of(change)));
        return new SourceLevels(next);
    }

    /** Sources restored without the time they entered their level are dated by the first announcement after. */
    private SourceLevels datedAt(long at) {
        Map<String, Held> dated = new TreeMap<>();
        bySource.forEach((source, held) -> dated.put(source, held.datedAt(at)));
        return new SourceLevels(dated);
    }

    private static boolean sameLevelAndCauses(Held a, Held b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.level() == b.level() && a.causes().equals(b.causes());
    }
}
