package io.shepherd.streams.health;

import static io.shepherd.events.HealthLevel.CRITICAL;
import static io.shepherd.events.HealthLevel.NONE;
import static io.shepherd.events.HealthLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.events.HealthLevel;

class SourceLevelsTest {

    private static final long T0 = 1_764_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final Map<String, String> CAUSE = Map.of("drift", Signal.DRIFT, "performance", Signal.PERFORMANCE_DROP,
            "serving", Signal.LATENCY_SLA, "liveness", Signal.NO_DATA);

    /**
     * Steps are a source's change to a level (N W C E) or its heartbeat ({@code beat}), one an hour. Each announcement
     * reads {@code previous>level source [listed sources]}, with {@code beat} for a heartbeat; {@code -} for none.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # steps                                  | announcements
            performance C; drift W                   | N>C performance [performance:C]; C>C drift [performance:C drift:W]
            drift W; performance C; performance N    | N>W drift [drift:W]; W>C performance [performance:C drift:W]; C>W performance [drift:W]
            drift W; performance C; drift beat       | N>W drift [drift:W]; W>C performance [performance:C drift:W]; C>C drift beat [performance:C drift:W]
            drift W; serving C; drift N              | N>W drift [drift:W]; W>C serving [serving:C drift:W]; C>C drift [serving:C]
            serving C; performance C                 | N>C serving [serving:C]; C>C performance [performance:C serving:C]
            drift W; drift N                         | N>W drift [drift:W]; W>N drift []
            drift beat                               | N>N drift beat []
            """)
    void announcesEveryChangeOfASourceWithEverySourceAboveNone(String steps, String announcements) {
        SourceLevels levels = SourceLevels.initial();
        List<String> announced = new ArrayList<>();
        long at = T0;
        for (String step : steps.split(";\\s*")) {
            String[] parts = step.trim().split(" ");
            at += HOUR;
            SourceLevels.Applied applied = levels.apply(parts[0], change(levels, parts[0], parts[1], at));
            announced.add(applied.announcement().map(SourceLevelsTest::describe).orElse("-"));
            levels = applied.levels();
        }

        assertThat(announced).containsExactly(announcements.split(";\\s*"));
    }

    @Test
    void aLowerSourceChangingUnderAHigherOneIsAnnouncedAtItsOwnLevelWithTheOverallLevelUnchanged() {
        SourceLevels critical = apply(SourceLevels.initial(), "performance", CRITICAL, T0).levels();

        HealthAnnouncement drift = apply(critical, "drift", WARNING, T0 + HOUR).announcement().orElseThrow();

        assertThat(drift.previous()).isEqualTo(CRITICAL);
        assertThat(drift.level()).isEqualTo(CRITICAL);
        assertThat(drift.heartbeat()).isFalse();
        assertThat(drift.causes()).containsExactly(Signal.PERFORMANCE_DROP);
        assertThat(drift.changedSource()).isEqualTo("drift");
        assertThat(drift.evidence().windowEnd()).isEqualTo(T0 + HOUR);
        assertThat(drift.sources()).extracting(s -> s.name() + ":" + s.held().level() + ":" + s.held().causes())
                .containsExactly("performance:CRITICAL:[PERFORMANCE_DROP]", "drift:WARNING:[DRIFT]");
    }

    @Test
    void aSourceKeepsTheTimeItEnteredItsLevelAcrossHeartbeatsAndTakesTheHeartbeatsWindow() {
        SourceLevels warning = apply(SourceLevels.initial(), "drift", WARNING, T0).levels();

        SourceLevels.Applied beat = warning.apply("drift", change("drift", WARNING, WARNING, T0 + 5 * HOUR, true));

        SourceLevels.Held drift = beat.levels().bySource().get("drift");
        assertThat(drift.since()).isEqualTo(T0);
        assertThat(drift.evidence().windowEnd()).isEqualTo(T0 + 5 * HOUR);
        assertThat(beat.announcement().orElseThrow().sources()).singleElement()
                .satisfies(s -> assertThat(s.held().since()).isEqualTo(T0));
    }

    @Test
    void aSourceRestoredWithoutItsEntryTimeIsDatedByTheNextAnnouncement() {
        SourceLevels restored = new SourceLevelsFormat1(Map.of("drift",
                new SourceLevelsFormat1.Held(WARNING, List.of(Signal.DRIFT)))).upgrade();
        assertThat(restored.bySource().get("drift").evidence().known()).isFalse();

        SourceLevels.Applied applied = apply(restored, "performance", CRITICAL, T0 + HOUR);

        assertThat(applied.levels().bySource().get("drift").since()).isEqualTo(T0 + HOUR);
        assertThat(applied.announcement().orElseThrow().sources()).extracting(s -> s.name() + ":" + s.held().since())
                .containsExactly("performance:" + (T0 + HOUR), "drift:" + (T0 + HOUR));
    }

    private static SourceLevels.Applied apply(SourceLevels levels, String source, HealthLevel level, long at) {
        HealthLevel previous = Optional.ofNullable(levels.bySource().get(source)).map(SourceLevels.Held::level).orElse(NONE);
        return levels.apply(source, change(source, previous, level, at, false));
    }

    /** A change to {@code step}'s level (N W C E), or a heartbeat of the source's current level for {@code beat}. */
    private static HealthChange change(SourceLevels levels, String source, String step, long at) {
        HealthLevel current = Optional.ofNullable(levels.bySource().get(source)).map(SourceLevels.Held::level).orElse(NONE);
        if (step.equals("beat")) {
            return change(source, current, current, at, true);
        }
        return change(source, current, level(step), at, false);
    }

    private static HealthChange change(String source, HealthLevel previous, HealthLevel level, long at, boolean heartbeat) {
        String cause = CAUSE.get(source);
        Signal signal = new Signal(cause, level, "x", level == NONE ? 0.1 : 2.0, 1.0, null);
        List<String> causes = level == NONE ? List.of() : List.of(cause);
        return new HealthChange(previous, level, causes, heartbeat,
                new WindowAssessment(at - HOUR, at, "ref", List.of(signal), List.of(source + ":" + at)), List.of(signal));
    }

    private static HealthLevel level(String letter) {
        return switch (letter) {
            case "N" -> NONE;
            case "W" -> WARNING;
            case "C" -> CRITICAL;
            case "E" -> HealthLevel.EMERGENCY;
            default -> throw new IllegalArgumentException(letter);
        };
    }

    private static String describe(HealthAnnouncement a) {
        String sources = a.sources().stream().map(s -> s.name() + ":" + s.held().level().name().charAt(0))
                .collect(Collectors.joining(" ", "[", "]"));
        return a.previous().name().charAt(0) + ">" + a.level().name().charAt(0) + " " + a.changedSource()
                + (a.heartbeat() ? " beat " : " ") + sources;
    }
}
