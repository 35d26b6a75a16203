package io.shepherd.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.events.AlertResolved;
import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.MetricEstimate;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private static RollbackRequested rollback() {
        return RollbackRequested.newBuilder().setIdempotencyKey("rollback:m:v2:1").setModelId("m").setFromVersion("v2").setToVersion("v1")
                .setReason("EMERGENCY").setRequestedAt(T0).setDryRun(false).setEvidence(Evidence.newBuilder().setSummary("s").build())
                .setSignatureKeyId("k1").setSignature("abcdef0123456789").build();
    }

    private static ModelLifecycle rolledBack(String causedBy) {
        return ModelLifecycle.newBuilder().setEventId("rb").setModelId("m").setEventTime(T0.plusSeconds(1)).setType(LifecycleEventType.ROLLED_BACK)
                .setFromVersion("v2").setToVersion("v1").setVariant(Variant.CHAMPION).setBaseline(Map.of()).setActor("c").setCausedBy(causedBy).build();
    }

    private static AlertResolved resolved(String version) {
        return AlertResolved.newBuilder().setAlertId("m:" + version + ":PERFORMANCE_DROP").setModelId("m").setModelVersion(version)
                .setLastLevel(HealthLevel.EMERGENCY).setResolvedAt(T0.plusSeconds(2)).setHealthEventId("h").setReason("rolled back").build();
    }

    private static PerformanceScored window(String version, long startSecond, PerformanceVerdict verdict, double accuracy) {
        return PerformanceScored.newBuilder().setEventId("perf").setModelId("m").setModelVersion(version).setVariant(Variant.CHAMPION)
                .setWindowStart(T0.plusSeconds(startSecond)).setWindowEnd(T0.plusSeconds(startSecond + 10)).setRevision(1)
                .setTask(io.shepherd.events.ModelTask.CLASSIFICATION).setEstimated(false).setPredictions(600).setLabelled(600).setLabelCoverage(1.0).setExpiredUnlabelled(0)
                .setMetrics(List.of(MetricEstimate.newBuilder().setName("accuracy").setValue(accuracy).setLower(null).setUpper(null).setMethod(null)
                        .setHigherIsBetter(true).build()))
                .setDecidingMetric("accuracy").setBaseline(0.92).setRelativeDrop((0.92 - accuracy) / 0.92).setVerdict(verdict).build();
    }

    @Test
    void theRunEndsOnlyWhenTheRollbackIsDoneItsAlertsResolvedAndTheRestoredVersionMeasuredHealthy() {
        Timeline timeline = new Timeline();

        assertThat(timeline.onEvent(rollback())).singleElement().asString().contains("[ROLLBACK]", "m v2 -> v1", "key k1 (abcdef012345...)");
        assertThat(timeline.waitingFor()).isEqualTo("the deployment controller's ROLLED_BACK");
        timeline.onEvent(rolledBack("rollback:m:v2:1"));
        timeline.onEvent(resolved("v2"));
        assertThat(timeline.waitingFor()).isEqualTo("a healthy performance window of v1 after the rollback");
        timeline.onEvent(window("v1", -10, PerformanceVerdict.OK, 0.93));
        assertThat(timeline.recoveredAfterRollback()).as("a window from before the rollback proves nothing").isFalse();

        assertThat(timeline.onEvent(window("v1", 5, PerformanceVerdict.OK, 0.93))).singleElement().asString().startsWith("[recovery]");
        assertThat(timeline.recoveredAfterRollback()).isTrue();
    }

    @Test
    void aRolledBackEventCausedByAnotherCommandDoesNotCount() {
        Timeline timeline = new Timeline();
        timeline.onEvent(rollback());
        timeline.onEvent(rolledBack("manual"));

        assertThat(timeline.waitingFor()).isEqualTo("the deployment controller's ROLLED_BACK");
    }

    @Test
    void performanceLinesFollowTheNewestWindowAndOnlyVerdictChanges() {
        Timeline timeline = new Timeline();

        assertThat(timeline.onEvent(window("v2", 10, PerformanceVerdict.OK, 0.92))).hasSize(1);
        assertThat(timeline.onEvent(window("v2", 20, PerformanceVerdict.OK, 0.91))).isEmpty();
        assertThat(timeline.onEvent(window("v2", 0, PerformanceVerdict.CRITICAL_DROP, 0.85))).as("an older window restated").isEmpty();
        assertThat(timeline.onEvent(window("v2", 30, PerformanceVerdict.CRITICAL_DROP, 0.85))).singleElement().asString()
                .contains("CRITICAL_DROP accuracy 0.850 vs baseline 0.920 (drop 7.6 %)");
    }

    private static SourceHealth source(String name, HealthLevel level, String cause, String subject, double value, double limit, String statistic) {
        EvidenceItem item = EvidenceItem.newBuilder().setKind(cause).setSubject(subject).setValue(value).setThreshold(limit).setStatistic(statistic)
                .setSampleSize(1194L).build();
        return SourceHealth.newBuilder().setSource(name).setLevel(level).setCauses(List.of(cause)).setSince(T0)
                .setEvidence(Evidence.newBuilder().setWindowStart(T0).setWindowEnd(T0.plusSeconds(10)).setSummary("s").setItems(List.of(item)).build()).build();
    }

    private static ModelHealthChanged health(HealthLevel previous, HealthLevel level, SourceHealth... sources) {
        return ModelHealthChanged.newBuilder().setEventId("h").setModelId("m").setModelVersion("v2").setEventTime(T0).setPreviousLevel(previous)
                .setLevel(level).setCauses(List.of()).setEvidence(Evidence.newBuilder().setSummary("s").build()).setSources(List.of(sources)).build();
    }

    @Test
    void eachCauseHasItsOwnLineAndADriftThatGoesOnUnderAPerformanceDropIsNotReportedAsEnded() {
        Timeline timeline = new Timeline();
        SourceHealth drift = source("drift", HealthLevel.WARNING, "DRIFT", "amount", 1.99, 0.2, "psi");

        assertThat(timeline.onEvent(health(HealthLevel.NONE, HealthLevel.WARNING, drift))).containsExactly(
                "[level]     m v2: NONE -> WARNING",
                "[cause]     m v2 DRIFT: NONE -> WARNING  drift in amount, PSI 1.99 (limit 0.20), 1,194 values, 10:00:00-10:00:10Z");
        assertThat(timeline.onEvent(health(HealthLevel.WARNING, HealthLevel.CRITICAL, drift,
                source("performance", HealthLevel.CRITICAL, "PERFORMANCE_DROP", "accuracy", 0.075, 0.05, "relative_drop")))).containsExactly(
                "[level]     m v2: WARNING -> CRITICAL",
                "[cause]     m v2 PERFORMANCE_DROP: NONE -> CRITICAL  accuracy dropped 7.5 % (limit 5 %), 1,194 labels, 10:00:00-10:00:10Z");
        assertThat(timeline.onEvent(health(HealthLevel.CRITICAL, HealthLevel.WARNING, drift))).containsExactly(
                "[level]     m v2: CRITICAL -> WARNING",
                "[cause]     m v2 PERFORMANCE_DROP: CRITICAL -> NONE");
        assertThat(timeline.onEvent(health(HealthLevel.WARNING, HealthLevel.WARNING, drift))).as("a restatement says nothing").isEmpty();
    }
}
