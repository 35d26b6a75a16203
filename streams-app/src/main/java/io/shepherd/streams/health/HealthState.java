package io.shepherd.streams.health;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;

/**
 * The escalation state of one model version between two windows: its level, what holds it up, and the few most
 * recent windows the hysteresis rules of {@link Escalation} look back on. Immutable; {@link Escalation#evolve} returns
 * a new one.
 *
 * @param level            the current level
 * @param causes           what held the level up when it was entered (empty at NONE), most severe cause first
 * @param recent           what the last windows asked for, oldest first, at most {@link Hysteresis#memory()} of them
 * @param lastWindowEnd    end of the last window taken into account; windows ending at or before it are replays
 * @param lastChangeTime   end of the window that decided the current level; {@link #NEVER} before any change
 * @param lastEmitTime     end of the window of the last change or heartbeat; {@link #NEVER} before any
 * @param windowsSinceEmit windows judged since the last change or heartbeat
 */
public record HealthState(HealthLevel level, Set<String> causes, List<Seen> recent, long lastWindowEnd,
                          long lastChangeTime, long lastEmitTime, int windowsSinceEmit) {

    /** Time stamp of something that has not happened yet. */
    public static final long NEVER = Long.MIN_VALUE;

    public HealthState {
        Objects.requireNonNull(level, "level");
        causes = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(causes, "causes")));
        recent = List.copyOf(Objects.requireNonNull(recent, "recent"));
        if (windowsSinceEmit < 0) {
            throw new IllegalArgumentException("windowsSinceEmit must be >= 0, got " + windowsSinceEmit);
        }
    }

    /** A model version nothing is known about yet: NONE, no history. */
    public static HealthState initial() {
        return new HealthState(HealthLevel.NONE, Set.of(), List.of(), NEVER, NEVER, NEVER, 0);
    }

    /** How many of the latest remembered windows in a row asked for {@code level} or more. */
    public int streakAtOrAbove(HealthLevel floor) {
        int streak = 0;
        for (int i = recent.size() - 1; i >= 0 && recent.get(i).target().compareTo(floor) >= 0; i--) {
            streak++;
        }
        return streak;
    }

    /** How many of the latest remembered windows in a row asked for less than the current level. */
    public int recoveryStreak() {
        int streak = 0;
        for (int i = recent.size() - 1; i >= 0 && recent.get(i).target().compareTo(level) < 0; i--) {
            streak++;
        }
        return streak;
    }

    /**
     * What one window asked for: the highest severity of each cause with a bad signal (good signals leave no trace).
     * Kept per cause so that a change can name the causes that held it up across all its deciding windows.
     */
    public record Seen(Map<String, HealthLevel> severityByCause) {

        public Seen {
            severityByCause = Collections.unmodifiableMap(new TreeMap<>(severityByCause));
        }

        public static Seen of(WindowAssessment window) {
            Map<String, HealthLevel> byCause = new TreeMap<>();
            for (Signal signal : window.signals()) {
                if (signal.severity() != HealthLevel.NONE) {
                    byCause.merge(signal.cause(), signal.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
            return new Seen(byCause);
        }

        /** The level this window asked for. */
        public HealthLevel target() {
            return severityByCause.values().stream().max(Enum::compareTo).orElse(HealthLevel.NONE);
        }
    }
}
