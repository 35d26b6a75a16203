package io.shepherd.streams.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.events.HealthLevel;

/**
 * Moves one model version between NONE, WARNING, CRITICAL and EMERGENCY with hysteresis, so that one noisy window
 * neither raises an alert nor clears one: {@code evolve(state, window, rules) -> (state, change?)}, pure.
 *
 * <p>Each window asks for a <em>target</em> level, the highest severity among its signals (NONE without signals).
 * The state remembers the targets of the last {@code max(k, m)} windows. With k = {@code windowsToEscalate} and
 * m = {@code windowsToRecover}, after appending the new window:
 * <ol>
 *   <li><b>Escalation.</b> If the last k windows all asked for more than the current level, the level rises to the
 *       <em>lowest</em> target among those k windows. So the level reaches L only after k consecutive windows at L or
 *       above; NONE goes straight to EMERGENCY after k EMERGENCY windows; and a window whose target lies between the
 *       current level and a higher candidate keeps the streak alive for its own, lower level only (NONE with
 *       k = 2 and targets EMERGENCY, WARNING rises to WARNING). Windows from before a change still count towards the
 *       next one: with k = 3, targets WARNING, EMERGENCY, EMERGENCY give WARNING, and one more EMERGENCY gives
 *       EMERGENCY.</li>
 *   <li><b>Recovery.</b> Otherwise, if the last m windows all asked for less than the current level, the level falls
 *       to the <em>highest</em> target among those m windows. The two rules cannot both apply.</li>
 *   <li><b>Emission.</b> A change of level yields a {@link HealthChange} carrying the deciding (current) window as
 *       evidence, its top {@value #TOP_SIGNALS} signals ({@link Signal#MOST_SIGNIFICANT_FIRST}) and as causes every
 *       cause that asked for the new level or more in any of the k (or m) deciding windows, most severe first.
 *       Without a change, a heartbeat ({@code heartbeat = true}, same level, causes as when the level was entered)
 *       follows every {@code heartbeatEveryWindows} windows since the last emission, at any level including NONE;
 *       0 disables heartbeats. Nothing else is emitted.</li>
 *   <li><b>Replays.</b> A window that does not end after the last window taken into account is ignored (same state,
 *       no change), so redelivered or re-emitted windows never vote twice. Feed one final assessment per window.</li>
 * </ol>
 * If the rules change between windows, a longer k or m simply waits for the memory to fill.
 *
 * <p>A sequential test that proves a change between windows raises the level at once ({@link #raise}); recovery from
 * it follows the same rule 2 over the windows after it.
 */
public final class Escalation {

    /** How many signals a change carries as its top offenders. */
    public static final int TOP_SIGNALS = 5;

    /** The next state, and what to announce if anything. */
    public record Decision(HealthState state, Optional<HealthChange> change) {}

    private Escalation() {}

    public static Decision evolve(HealthState state, WindowAssessment window, Hysteresis rules) {
        if (window.windowEnd() <= state.lastWindowEnd()) {
            return new Decision(state, Optional.empty());
        }
        List<HealthState.Seen> recent = remember(state.recent(), HealthState.Seen.of(window), rules.memory());
        int k = rules.windowsToEscalate();
        int m = rules.windowsToRecover();
        Optional<HealthLevel> raised = lowestTarget(recent, k).filter(target -> target.compareTo(state.level()) > 0);
        if (raised.isPresent()) {
            return change(state, window, recent, raised.get(), causesOf(recent, k, raised.get()));
        }
        Optional<HealthLevel> lowered = highestTarget(recent, m).filter(target -> target.compareTo(state.level()) < 0);
        if (lowered.isPresent()) {
            return change(state, window, recent, lowered.get(), causesOf(recent, m, lowered.get()));
        }
        return stay(state, window, recent, rules.heartbeatEveryWindows());
    }

    /**
     * A rise proven by a sequential test rather than by windows: the level goes at once to the evidence's target when
     * that is above the current level. The evidence counts as one remembered window; the windows remembered before it
     * are forgotten, so only windows after the rise can bring the level down, and a window that does not end after the
     * evidence is a replay. Never lowers the level and never emits a heartbeat.
     */
    public static Decision raise(HealthState state, WindowAssessment evidence) {
        HealthLevel level = evidence.targetLevel();
        if (level.compareTo(state.level()) <= 0) {
            return new Decision(state, Optional.empty());
        }
        List<HealthState.Seen> recent = List.of(HealthState.Seen.of(evidence));
        List<String> causes = causesOf(recent, 1, level);
        long at = evidence.windowEnd();
        HealthState next = new HealthState(level, new LinkedHashSet<>(causes), recent, Math.max(at, state.lastWindowEnd()), at, at, 0);
        return new Decision(next, Optional.of(new HealthChange(state.level(), level, causes, false, evidence, evidence.topSignals(TOP_SIGNALS))));
    }

    private static Decision change(HealthState state, WindowAssessment window, List<HealthState.Seen> recent,
                                   HealthLevel level, List<String> causes) {
        long at = window.windowEnd();
        HealthState next = new HealthState(level, new LinkedHashSet<>(causes), recent, at, at, at, 0);
        HealthChange change = new HealthChange(state.level(), level, causes, false, window,
                window.topSignals(TOP_SIGNALS));
        return new Decision(next, Optional.of(change));
    }

    private static Decision stay(HealthState state, WindowAssessment window, List<HealthState.Seen> recent,
                                 int heartbeatEvery) {
        long at = window.windowEnd();
        int sinceEmit = state.windowsSinceEmit() + 1;
        if (heartbeatEvery > 0 && sinceEmit >= heartbeatEvery) {
            HealthState next = new HealthState(state.level(), state.causes(), recent, at, state.lastChangeTime(),
                    at, 0);
            HealthChange heartbeat = new HealthChange(state.level(), state.level(), List.copyOf(state.causes()), true,
                    window, window.topSignals(TOP_SIGNALS));
            return new Decision(next, Optional.of(heartbeat));
        }
        HealthState next = new HealthState(state.level(), state.causes(), recent, at, state.lastChangeTime(),
                state.lastEmitTime(), sinceEmit);
        return new Decision(next, Optional.empty());
    }

    private static List<HealthState.Seen> remember(List<HealthState.Seen> recent, HealthState.Seen seen, int memory) {
        List<HealthState.Seen> all = new ArrayList<>(recent);
        all.add(seen);
        return List.copyOf(all.subList(Math.max(0, all.size() - memory), all.size()));
    }

    private static Optional<HealthLevel> lowestTarget(List<HealthState.Seen> recent, int windows) {
        return last(recent, windows).map(seen -> Collections.min(targets(seen)));
    }

    private static Optional<HealthLevel> highestTarget(List<HealthState.Seen> recent, int windows) {
        return last(recent, windows).map(seen -> Collections.max(targets(seen)));
    }

    private static List<HealthLevel> targets(List<HealthState.Seen> windows) {
        return windows.stream().map(HealthState.Seen::target).toList();
    }

    /** The last {@code windows} windows, or nothing while fewer are remembered. */
    private static Optional<List<HealthState.Seen>> last(List<HealthState.Seen> recent, int windows) {
        return recent.size() < windows ? Optional.empty()
                : Optional.of(recent.subList(recent.size() - windows, recent.size()));
    }

    /** Every cause that asked for {@code level} or more in the deciding windows, most severe first, then by name. */
    private static List<String> causesOf(List<HealthState.Seen> recent, int windows, HealthLevel level) {
        Map<String, HealthLevel> highest = new LinkedHashMap<>();
        for (HealthState.Seen seen : last(recent, windows).orElseThrow()) {
            seen.severityByCause().forEach((cause, severity) -> {
                if (severity.compareTo(level) >= 0) {
                    highest.merge(cause, severity, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            });
        }
        return highest.entrySet().stream()
                .sorted(Map.Entry.<String, HealthLevel>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
