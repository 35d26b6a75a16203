package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;

class EndToEndWatchTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static ModelHealthChanged health(String version, HealthLevel from, HealthLevel to, boolean heartbeat) {
        return ModelHealthChanged.newBuilder().setEventId("h").setModelId("fraud-scorer").setModelVersion(version).setVariant(Variant.CHAMPION)
                .setEventTime(T0).setPreviousLevel(from).setLevel(to).setCauses(List.of("PERFORMANCE_DROP")).setHeartbeat(heartbeat)
                .setEvidence(Evidence.newBuilder().setSummary("s").build()).build();
    }

    private static RollbackRequested rollback(boolean dryRun) {
        return RollbackRequested.newBuilder().setIdempotencyKey("k").setModelId("fraud-scorer").setFromVersion("v2").setToVersion("v1")
                .setReason("EMERGENCY").setRequestedAt(T0).setDryRun(dryRun).setEvidence(Evidence.newBuilder().setSummary("s").build())
                .setSignatureKeyId("k1").setSignature("sig").build();
    }

    @Test
    void milestonesCountFromTheFailureAndOnlyForTheFailingVersion() {
        EndToEndBenchmark.Watch watch = new EndToEndBenchmark.Watch();
        watch.onEvent(1 * SECOND, health("v2", HealthLevel.NONE, HealthLevel.WARNING, false));  // before the failure: not counted
        watch.onNews(10 * SECOND, "fraud-scorer v2 fails: 'amount' shifts by +1.5 sd and accuracy falls to 0.70");
        watch.onEvent(12 * SECOND, health("v1", HealthLevel.NONE, HealthLevel.CRITICAL, false));  // another version
        watch.onEvent(13 * SECOND, health("v2", HealthLevel.NONE, HealthLevel.CRITICAL, true));   // a heartbeat
        watch.onEvent(25 * SECOND, health("v2", HealthLevel.NONE, HealthLevel.CRITICAL, false));  // WARNING passed on the way
        watch.onEvent(31 * SECOND, health("v2", HealthLevel.CRITICAL, HealthLevel.EMERGENCY, false));
        watch.onEvent(31 * SECOND + SECOND / 2, rollback(true));
        watch.onEvent(32 * SECOND, rollback(false));
        watch.onEvent(33 * SECOND, ModelLifecycle.newBuilder().setEventId("rb").setModelId("fraud-scorer").setEventTime(T0)
                .setType(LifecycleEventType.ROLLED_BACK).setFromVersion("v2").setToVersion("v1").setVariant(Variant.CHAMPION)
                .setBaseline(Map.of()).setActor("c").setCausedBy("k").build());

        EndToEndBenchmark.Trial trial = watch.trial(1, 0, Path.of("t.log"));

        assertThat(trial.seconds()).containsEntry("WARNING", 15.0).containsEntry("CRITICAL", 15.0).containsEntry("EMERGENCY", 21.0)
                .containsEntry("RollbackRequested", 22.0).containsEntry("ROLLED_BACK", 23.0);
        assertThat(trial.seconds().get("first DRIFT score")).isNaN();
        assertThat(EndToEndBenchmark.table(List.of(trial)).markdown()).contains("| 1 | never | 15.0 | 15.0 | 21.0 | never | 22.0 | 23.0 |")
                .endsWith("| 1.0 |\n");
    }
}
