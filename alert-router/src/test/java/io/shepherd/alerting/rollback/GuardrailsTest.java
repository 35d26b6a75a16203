package io.shepherd.alerting.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.alerting.support.Events;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;

class GuardrailsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final GuardrailPolicy LIMITS = new GuardrailPolicy(true, Duration.ofHours(1), 3, false);

    private static ModelHistory history(ModelLifecycle... events) {
        ModelHistory history = ModelHistory.empty("m");
        for (ModelLifecycle event : events) {
            history = ModelHistory.evolve(history, event);
        }
        return history;
    }

    private static ModelLifecycle deployed(String version, Variant variant, int daysAgo) {
        return Events.deployed("m", version, variant, NOW.minus(Duration.ofDays(daysAgo)));
    }

    private static PastRollback past(String from, String to, Duration ago, boolean dryRun) {
        return new PastRollback("k-" + from + "-" + ago, "m", from, to, NOW.minus(ago), dryRun);
    }

    static Stream<Arguments> cases() {
        ModelHistory v1v2 = history(deployed("v1", Variant.CHAMPION, 10), deployed("v2", Variant.CHAMPION, 5));
        ModelHistory v1v2v3 = history(deployed("v1", Variant.CHAMPION, 10), deployed("v2", Variant.CHAMPION, 5), deployed("v3", Variant.CHAMPION, 1));
        ModelHistory v2RolledBack = history(deployed("v1", Variant.CHAMPION, 10), deployed("v2", Variant.CHAMPION, 5),
                Events.lifecycle("m", LifecycleEventType.ROLLED_BACK, "v2", "v1", Variant.CHAMPION, NOW.minus(Duration.ofDays(4)), null),
                deployed("v3", Variant.CHAMPION, 1));
        ModelHistory withCanary = history(deployed("v1", Variant.CHAMPION, 10), deployed("v2", Variant.CANARY, 1));
        return Stream.of(
                Arguments.of("champion goes back to the previous champion", "v2", "CHAMPION", v1v2, List.of(), LIMITS, "approved v2->v1"),
                Arguments.of("canary goes back to the serving champion", "v2", "CANARY", withCanary, List.of(), LIMITS, "approved v2->v1"),
                Arguments.of("dry run decides but only records", "v2", "CHAMPION", v1v2, List.of(),
                        new GuardrailPolicy(true, Duration.ofHours(1), 3, true), "dry-run v2->v1"),
                Arguments.of("policy disallows", "v2", "CHAMPION", v1v2, List.of(), new GuardrailPolicy(false, Duration.ofHours(1), 3, false),
                        "refused: automatic rollback is disabled"),
                Arguments.of("no earlier version", "v1", "CHAMPION", history(deployed("v1", Variant.CHAMPION, 10)), List.of(), LIMITS,
                        "refused: no known-good version"),
                Arguments.of("unknown version has no history", "v9", "CHAMPION", ModelHistory.empty("m"), List.of(), LIMITS,
                        "refused: no known-good version"),
                Arguments.of("a shadow serves nobody", "v2", "SHADOW", v1v2, List.of(), LIMITS, "refused: v2 is a shadow"),
                Arguments.of("the lifecycle skips a rolled-back version as target", "v3", "CHAMPION", v2RolledBack, List.of(), LIMITS,
                        "approved v3->v1"),
                Arguments.of("loop: the target was rolled back by a command not yet in the lifecycle", "v3", "CHAMPION", v1v2v3,
                        List.of(past("v2", "v1", Duration.ofHours(5), false)), LIMITS, "refused: target v2 was itself rolled back"),
                Arguments.of("a dry run is no rollback of the target", "v3", "CHAMPION", v1v2v3,
                        List.of(past("v2", "v1", Duration.ofMinutes(5), true)), LIMITS, "approved v3->v2"),
                Arguments.of("cool-down after a recent rollback", "v3", "CHAMPION", v1v2v3,
                        List.of(past("v0", "v9", Duration.ofMinutes(59), false)), LIMITS, "refused: cool-down"),
                Arguments.of("cool-down over", "v3", "CHAMPION", v1v2v3,
                        List.of(past("v0", "v9", Duration.ofMinutes(61), false)), LIMITS, "approved v3->v2"),
                Arguments.of("daily limit reached", "v3", "CHAMPION", v1v2v3,
                        List.of(past("a", "b", Duration.ofHours(2), false), past("c", "d", Duration.ofHours(10), false),
                                past("e", "f", Duration.ofHours(23), false)), LIMITS, "refused: m was rolled back 3 times in the last 24 h"),
                Arguments.of("rollbacks older than a day do not count", "v3", "CHAMPION", v1v2v3,
                        List.of(past("a", "b", Duration.ofHours(2), false), past("c", "d", Duration.ofHours(10), false),
                                past("e", "f", Duration.ofHours(25), false)), LIMITS, "approved v3->v2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, String version, String variant, ModelHistory history, List<PastRollback> past, GuardrailPolicy policy,
                 String expected) {
        RollbackDecision decision = Guardrails.decide(version, variant, NOW, history, past, policy);

        assertThat(describe(decision)).startsWith(expected);
    }

    private static String describe(RollbackDecision decision) {
        if (decision instanceof RollbackDecision.Approved a) {
            return (a.dryRun() ? "dry-run " : "approved ") + a.fromVersion() + "->" + a.toVersion();
        }
        return "refused: " + ((RollbackDecision.Refused) decision).reason();
    }
}
