package io.shepherd.streams.health;

import static io.shepherd.events.HealthLevel.CRITICAL;
import static io.shepherd.events.HealthLevel.EMERGENCY;
import static io.shepherd.events.HealthLevel.NONE;
import static io.shepherd.events.HealthLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shepherd.events.HealthLevel;

class EscalationTest {

    private static final long HOUR = 3_600_000L;
    private static final long QUARTER = 900_000L;
    private static final Hysteresis K2_M3 = new Hysteresis(2, 3, 0);

    /** The rules as a table: targets asked for by successive windows (N W C E) and the level after each window. */
    @ParameterizedTest(name = "k={0} m={1}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # k | m | window targets        | level after each window
              1 | 1 | W N                   | W N
              2 | 3 | W W                   | N W
              2 | 3 | W N W N W             | N N N N N
              2 | 3 | E E                   | N E
              2 | 3 | E W                   | N W
              2 | 3 | E W E                 | N W W
              2 | 3 | E W E E               | N W W E
              3 | 3 | W E E E               | N N W E
              3 | 3 | E W E                 | N N W
              2 | 3 | E C N N N             | N C C C N
              2 | 3 | E E W N N             | N E E E W
              2 | 3 | E E N N C             | N E E E C
              2 | 3 | E E N C N N           | N E E E C C
              2 | 3 | W W N W N W N N N     | N W W W W W W W N
              2 | 2 | C C W W E E           | N C C W W E
            """)
    void levelFollowsTheHysteresisRules(int k, int m, String targets, String expectedLevels) {
        List<HealthLevel> levels = levelsAfterEachWindow(new Hysteresis(k, m, 0), levels(targets));

        assertThat(levels).containsExactlyElementsOf(levels(expectedLevels));
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 5})
    void escalatesToWarningAfterKConsecutiveDriftWindows(int k) {
        Hysteresis rules = new Hysteresis(k, 3, 0);
        HealthState state = HealthState.initial();
        for (int i = 0; i < k - 1; i++) {
            Escalation.Decision decision = Escalation.evolve(state, window(i, drift("amount", 0.31)), rules);
            assertThat(decision.change()).as("window %d of %d", i + 1, k).isEmpty();
            state = decision.state();
        }

        Escalation.Decision kth = Escalation.evolve(state, window(k - 1, drift("amount", 0.31)), rules);

        assertThat(kth.state().level()).isEqualTo(WARNING);
        HealthChange change = kth.change().orElseThrow();
        assertThat(change.previous()).isEqualTo(NONE);
        assertThat(change.level()).isEqualTo(WARNING);
        assertThat(change.causes()).containsExactly(Signal.DRIFT);
        assertThat(change.heartbeat()).isFalse();
        assertThat(change.isEscalation()).isTrue();
    }

    @Test
    void aSingleBadWindowDoesNotEscalate() {
        List<Escalation.Decision> decisions = run(HealthState.initial(), K2_M3,
                window(0, drift("amount", 0.9)), window(1, drift("amount", 0.05)), window(2, drift("amount", 0.05)));

        assertThat(changes(decisions)).isEmpty();
        assertThat(last(decisions).state().level()).isEqualTo(NONE);
    }

    @Test
    void boundaryCaseAlternatingBadAndGoodNeverFlaps() {
        List<WindowAssessment> windows = new ArrayList<>();
        windows.add(window(0, drift("amount", 0.21)));
        windows.add(window(1, drift("amount", 0.22)));
        for (int i = 2; i < 40; i++) {
            windows.add(window(i, drift("amount", i % 2 == 0 ? 0.19 : 0.21)));
        }

        List<HealthChange> changes = changes(run(HealthState.initial(), K2_M3, windows.toArray(WindowAssessment[]::new)));

        assertThat(changes).extracting(HealthChange::level).containsExactly(WARNING);
        assertThat(changes.get(0).decidedAt()).isEqualTo(window(1).windowEnd());
    }

    @Test
    void boundaryCaseAlternatingFromHealthyNeverEscalates() {
        WindowAssessment[] windows = new WindowAssessment[40];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = window(i, drift("amount", i % 2 == 0 ? 0.21 : 0.19));
        }

        assertThat(changes(run(HealthState.initial(), K2_M3, windows))).isEmpty();
    }

    @Test
    void recoversOnlyAfterMHealthyWindows() {
        HealthState warning = stateAfter(K2_M3, WARNING, WARNING);

        List<Escalation.Decision> decisions = run(warning, K2_M3,
                window(2, drift("amount", 0.05)), window(3, drift("amount", 0.05)), window(4, drift("amount", 0.05)));

        assertThat(decisions.get(0).change()).isEmpty();
        assertThat(decisions.get(1).change()).isEmpty();
        assertThat(decisions.get(1).state().recoveryStreak()).isEqualTo(2);
        HealthChange recovery = decisions.get(2).change().orElseThrow();
        assertThat(recovery.previous()).isEqualTo(WARNING);
        assertThat(recovery.level()).isEqualTo(NONE);
        assertThat(recovery.causes()).isEmpty();
        assertThat(recovery.isEscalation()).isFalse();
    }

    @Test
    void goodSignalsAndEmptyWindowsBothCountAsHealthy() {
        HealthState warning = stateAfter(K2_M3, WARNING, WARNING);

        List<Escalation.Decision> decisions = run(warning, K2_M3,
                window(2, drift("amount", 0.05)), window(3), window(4, drift("amount", 0.01)));

        assertThat(last(decisions).state().level()).isEqualTo(NONE);
    }

    @Test
    void deEscalatesFromEmergencyToTheHighestLevelSeenDuringRecovery() {
        HealthState emergency = stateAfter(K2_M3, EMERGENCY, EMERGENCY);

        List<Escalation.Decision> decisions = run(emergency, K2_M3,
                window(2, drift("amount", 0.05)),
                window(3, drift("amount", 0.3), perf("accuracy", 0.07, CRITICAL)),
                window(4, drift("amount", 0.3)));

        HealthChange change = changes(decisions).get(0);
        assertThat(change.previous()).isEqualTo(EMERGENCY);
        assertThat(change.level()).isEqualTo(CRITICAL);
        assertThat(change.causes()).containsExactly(Signal.PERFORMANCE_DROP);
        assertThat(change.evidence()).isEqualTo(window(4, drift("amount", 0.3)));
        assertThat(change.decidedAt()).isEqualTo(window(4).windowEnd());
    }

    @Test
    void escalatesStraightFromNoneToEmergencyAfterKEmergencyWindows() {
        List<HealthChange> changes = changes(run(HealthState.initial(), K2_M3,
                window(0, perf("accuracy", 0.2, EMERGENCY)), window(1, perf("accuracy", 0.25, EMERGENCY))));

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.previous()).isEqualTo(NONE);
            assertThat(change.level()).isEqualTo(EMERGENCY);
        });
    }

    @Test
    void aWindowBetweenTheLevelAndTheCandidateKeepsTheStreakForTheLowerLevelOnly() {
        List<Escalation.Decision> decisions = run(HealthState.initial(), new Hysteresis(3, 3, 0),
                window(0, perf("accuracy", 0.2, EMERGENCY)),
                window(1, drift("amount", 0.3)),
                window(2, perf("accuracy", 0.2, EMERGENCY)),
                window(3, perf("accuracy", 0.2, EMERGENCY)),
                window(4, perf("accuracy", 0.2, EMERGENCY)));

        assertThat(decisions).extracting(d -> d.state().level())
                .containsExactly(NONE, NONE, WARNING, WARNING, EMERGENCY);
        assertThat(decisions.get(2).state().streakAtOrAbove(WARNING)).isEqualTo(3);
        assertThat(decisions.get(2).state().streakAtOrAbove(EMERGENCY)).isEqualTo(1);
    }

    @Test
    void causesNameEverythingThatHeldTheNewLevelUpDuringTheDecidingWindows() {
        List<HealthChange> toWarning = changes(run(HealthState.initial(), K2_M3,
                window(0, drift("amount", 0.3)), window(1, dataQuality("country", 0.2))));
        List<HealthChange> toCritical = changes(run(HealthState.initial(), K2_M3,
                window(0, drift("amount", 0.3), perf("accuracy", 0.07, CRITICAL)),
                window(1, perf("accuracy", 0.2, EMERGENCY), dataQuality("country", 0.2))));

        assertThat(toWarning.get(0).causes()).containsExactly(Signal.DATA_QUALITY, Signal.DRIFT);
        assertThat(toCritical.get(0).level()).isEqualTo(CRITICAL);
        assertThat(toCritical.get(0).causes()).containsExactly(Signal.PERFORMANCE_DROP);
    }

    @Test
    void heartbeatRestatesTheLevel() {
        Hysteresis rules = new Hysteresis(2, 3, 4);
        WindowAssessment[] windows = new WindowAssessment[12];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = window(i, drift("amount", 0.3));
        }

        List<Escalation.Decision> decisions = run(HealthState.initial(), rules, windows);

        List<String> emitted = decisions.stream()
                .map(d -> d.change().map(c -> c.heartbeat() ? "beat " + c.level() : "change " + c.level()).orElse("-"))
                .toList();
        assertThat(emitted).containsExactly(
                "-", "change WARNING", "-", "-", "-", "beat WARNING", "-", "-", "-", "beat WARNING", "-", "-");
        HealthChange beat = decisions.get(5).change().orElseThrow();
        assertThat(beat.previous()).isEqualTo(WARNING);
        assertThat(beat.causes()).containsExactly(Signal.DRIFT);
        assertThat(beat.evidence()).isEqualTo(windows[5]);
        assertThat(beat.topSignals()).containsExactly(drift("amount", 0.3));
        assertThat(decisions.get(5).state().lastChangeTime()).isEqualTo(windows[1].windowEnd());
        assertThat(decisions.get(5).state().lastEmitTime()).isEqualTo(windows[5].windowEnd());
    }

    @Test
    void heartbeatsAlsoConfirmAHealthyModel() {
        WindowAssessment[] windows = {window(0), window(1), window(2), window(3)};

        List<HealthChange> changes = changes(run(HealthState.initial(), new Hysteresis(2, 3, 2), windows));

        assertThat(changes).extracting(HealthChange::heartbeat, HealthChange::level, HealthChange::causes)
                .containsExactly(
                        tuple(true, NONE, List.of()),
                        tuple(true, NONE, List.of()));
    }

    @Test
    void heartbeatEveryZeroWindowsDisablesHeartbeats() {
        WindowAssessment[] windows = new WindowAssessment[50];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = window(i);
        }

        assertThat(changes(run(HealthState.initial(), new Hysteresis(2, 3, 0), windows))).isEmpty();
    }

    @Test
    void changeCarriesTopSignalsMostSevereFirst() {
        WindowAssessment deciding = window(1,
                drift("f1", 0.25),
                drift("f2", 0.9),
                drift("f3", 0.05),
                dataQuality("country", 0.3),
                perf("accuracy", 0.06, CRITICAL),
                perf("auc", 0.09, CRITICAL),
                drift("f4", 0.4));

        HealthChange change = changes(run(HealthState.initial(), K2_M3,
                window(0, perf("accuracy", 0.06, CRITICAL)), deciding)).get(0);

        assertThat(change.level()).isEqualTo(CRITICAL);
        assertThat(change.evidence()).isEqualTo(deciding);
        assertThat(change.topSignals()).extracting(Signal::subject)
                .containsExactly("auc", "accuracy", "f2", "country", "f4");
    }

    @Test
    void aReplayedOrOlderWindowIsIgnored() {
        HealthState afterOne = Escalation.evolve(HealthState.initial(), window(5, drift("amount", 0.3)), K2_M3).state();

        Escalation.Decision replay = Escalation.evolve(afterOne, window(5, drift("amount", 0.3)), K2_M3);
        Escalation.Decision older = Escalation.evolve(afterOne, window(4, drift("amount", 0.3)), K2_M3);

        assertThat(replay.state()).isEqualTo(afterOne);
        assertThat(replay.change()).isEmpty();
        assertThat(older.state()).isEqualTo(afterOne);
        assertThat(older.change()).isEmpty();
    }

    @Test
    void stateRemembersOnlyTheWindowsTheRulesLookAt() {
        HealthState state = stateAfter(new Hysteresis(2, 4, 0), WARNING, NONE, WARNING, NONE, NONE, NONE, WARNING);

        assertThat(state.recent()).hasSize(4);
    }

    @Test
    void aLongerKAfterAPolicyChangeWaitsForTheMemoryToFill() {
        HealthState state = stateAfter(new Hysteresis(1, 1, 0), WARNING, NONE);
        Hysteresis stricter = new Hysteresis(3, 3, 0);

        List<Escalation.Decision> decisions = run(state, stricter,
                window(2, drift("amount", 0.3)), window(3, drift("amount", 0.3)), window(4, drift("amount", 0.3)));

        assertThat(decisions).extracting(d -> d.state().level()).containsExactly(NONE, NONE, WARNING);
    }

    @Test
    void aSequentialRiseGoesUpAtOnceForgetsTheWindowsBeforeItAndRecoversByTheWindowsAfter() {
        // Two healthy windows are remembered; with m = 3 one more would have counted towards a recovery from a window rise.
        HealthState before = stateAfter(K2_M3, NONE, NONE);
        WindowAssessment proof = new WindowAssessment(2 * QUARTER + 60_000, 2 * QUARTER + HOUR + 120_000, "ref-v1",
                List.of(perf("accuracy", 0.2, CRITICAL)), List.of("perf-sequential:1"));

        Escalation.Decision raised = Escalation.raise(before, proof);

        assertThat(raised.change()).hasValueSatisfying(change -> {
            assertThat(change.previous()).isEqualTo(NONE);
            assertThat(change.level()).isEqualTo(CRITICAL);
            assertThat(change.causes()).containsExactly(Signal.PERFORMANCE_DROP);
            assertThat(change.evidence()).isEqualTo(proof);
            assertThat(change.decidedAt()).isEqualTo(proof.windowEnd());
        });
        assertThat(raised.state().recent()).hasSize(1);
        // A window ending before the proof is a replay; the two healthy windows after it are not yet a recovery.
        List<Escalation.Decision> after = run(raised.state(), K2_M3, window(2), window(3), window(4), window(5));
        assertThat(after).extracting(d -> d.state().level()).containsExactly(CRITICAL, CRITICAL, CRITICAL, NONE);
        assertThat(after.get(0).state()).isEqualTo(raised.state());
    }

    @Test
    void aSequentialRiseNeverLowersNorRestatesTheLevel() {
        HealthState emergency = stateAfter(K2_M3, EMERGENCY, EMERGENCY);
        WindowAssessment proof = new WindowAssessment(0, 3 * HOUR, "ref-v1", List.of(perf("accuracy", 0.2, CRITICAL)), List.of("p"));

        assertThat(Escalation.raise(emergency, proof).change()).isEmpty();
        assertThat(Escalation.raise(emergency, proof).state()).isEqualTo(emergency);
        HealthState critical = stateAfter(K2_M3, CRITICAL, CRITICAL);
        assertThat(Escalation.raise(critical, proof).change()).isEmpty();
        WindowAssessment worse = new WindowAssessment(0, 3 * HOUR, "ref-v1", List.of(perf("accuracy", 0.3, EMERGENCY)), List.of("p"));
        assertThat(Escalation.raise(critical, worse).change()).hasValueSatisfying(c -> assertThat(c.level()).isEqualTo(EMERGENCY));
    }

    @Test
    void hysteresisRejectsMeaninglessCounts() {
        assertThatThrownBy(() -> new Hysteresis(0, 3, 12)).hasMessageContaining("windowsToEscalate must be >= 1");
        assertThatThrownBy(() -> new Hysteresis(2, 0, 12)).hasMessageContaining("windowsToRecover must be >= 1");
        assertThatThrownBy(() -> new Hysteresis(2, 3, -1)).hasMessageContaining("heartbeatEveryWindows must be >= 0");
    }

    @Test
    void aHeartbeatCannotChangeTheLevelAndAChangeMust() {
        assertThatThrownBy(() -> new HealthChange(NONE, WARNING, List.of(), true, window(0), List.of()))
                .hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> new HealthChange(WARNING, WARNING, List.of(), false, window(0), List.of()))
                .hasMessageContaining("must change the level");
    }

    // --- the domain of the tests: windows of 1 h advancing by 15 min, signals as the drift topology would build them

    static WindowAssessment window(int index, Signal... signals) {
        long start = index * QUARTER;
        return new WindowAssessment(start, start + HOUR, "ref-v1", List.of(signals),
                Arrays.stream(signals).map(s -> "scored-" + index + "-" + s.subject()).toList());
    }

    static Signal drift(String feature, double psi) {
        return new Signal(Signal.DRIFT, psi > 0.2 ? WARNING : NONE, feature, psi, 0.2, "psi");
    }

    static Signal dataQuality(String feature, double missingRateJump) {
        return new Signal(Signal.DATA_QUALITY, missingRateJump > 0.1 ? WARNING : NONE, feature, missingRateJump, 0.1,
                "missing_rate");
    }

    static Signal perf(String metric, double drop, HealthLevel severity) {
        return new Signal(Signal.PERFORMANCE_DROP, severity, metric, drop, severity == EMERGENCY ? 0.15 : 0.05, "relative drop");
    }

    private static List<HealthLevel> levels(String letters) {
        return Arrays.stream(letters.trim().split("\\s+")).map(EscalationTest::level).toList();
    }

    private static HealthLevel level(String letter) {
        return switch (letter) {
            case "N" -> NONE;
            case "W" -> WARNING;
            case "C" -> CRITICAL;
            case "E" -> EMERGENCY;
            default -> throw new IllegalArgumentException(letter);
        };
    }

    /** A window asking for exactly {@code target}: one signal of that severity, or a good one for NONE. */
    private static WindowAssessment windowAsking(int index, HealthLevel target) {
        String cause = switch (target) {
            case NONE, WARNING -> Signal.DRIFT;
            default -> Signal.PERFORMANCE_DROP;
        };
        return window(index, new Signal(cause, target, "x", 1.0, 1.0, null));
    }

    private static List<HealthLevel> levelsAfterEachWindow(Hysteresis rules, List<HealthLevel> targets) {
        HealthState state = HealthState.initial();
        List<HealthLevel> levels = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            state = Escalation.evolve(state, windowAsking(i, targets.get(i)), rules).state();
            levels.add(state.level());
        }
        return levels;
    }

    private static HealthState stateAfter(Hysteresis rules, HealthLevel... targets) {
        HealthState state = HealthState.initial();
        for (int i = 0; i < targets.length; i++) {
            state = Escalation.evolve(state, windowAsking(i, targets[i]), rules).state();
        }
        return state;
    }

    private static List<Escalation.Decision> run(HealthState start, Hysteresis rules, WindowAssessment... windows) {
        List<Escalation.Decision> decisions = new ArrayList<>();
        HealthState state = start;
        for (WindowAssessment window : windows) {
            Escalation.Decision decision = Escalation.evolve(state, window, rules);
            decisions.add(decision);
            state = decision.state();
        }
        return decisions;
    }

    private static List<HealthChange> changes(List<Escalation.Decision> decisions) {
        return decisions.stream().map(Escalation.Decision::change).flatMap(Optional::stream).collect(Collectors.toList());
    }

    private static Escalation.Decision last(List<Escalation.Decision> decisions) {
        return decisions.get(decisions.size() - 1);
    }
}
