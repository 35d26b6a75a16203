package io.shepherd.projections;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.AlertTransition;
import io.shepherd.events.ChallengerCompared;
import io.shepherd.events.ChallengerVerdict;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.FeatureKind;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.InvestigationOpened;
import io.shepherd.events.MetricEstimate;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelTask;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.events.RetrainingRequested;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.SignificanceTest;
import io.shepherd.events.Variant;

/** Events as Shepherd's services publish them, with explicit times, for one model version. */
public record Events(String model, String version) {

    public static final long HOUR = 3_600_000L;

    public DriftScored drift(String feature, long windowEnd, double psi, DriftVerdict verdict) {
        return DriftScored.newBuilder().setEventId("drift:" + model + ":" + version + ":" + feature + ":" + windowEnd)
                .setModelId(model).setModelVersion(version).setFeature(feature).setFeatureKind(FeatureKind.NUMERIC)
                .setWindowStart(Instant.ofEpochMilli(windowEnd - HOUR)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setReferenceId(model + "/" + version + "/first-10000").setSampleSize(4210).setReferenceSize(10_000)
                .setVerdict(verdict).setDecidingScore("psi").setThreshold(0.2)
                .setScores(Map.of("psi", psi, "ks", psi / 2)).setPValue(0.001).setImportance(1.0).build();
    }

    public ModelHealthChanged health(HealthLevel from, HealthLevel to, long at) {
        return ModelHealthChanged.newBuilder().setEventId("health:" + model + ":" + version + ":" + to + ":" + at)
                .setModelId(model).setModelVersion(version).setVariant(Variant.CHAMPION).setEventTime(Instant.ofEpochMilli(at))
                .setPreviousLevel(from).setLevel(to).setCauses(List.of("PERFORMANCE_DROP")).setHeartbeat(false)
                .setEvidence(evidence("accuracy 0.86 vs baseline 0.92 (-6.5 %)")).build();
    }

    public PerformanceScored performance(long windowEnd, int revision, double accuracy, double lower, double upper) {
        return PerformanceScored.newBuilder().setEventId("perf:" + model + ":" + version + ":" + windowEnd + ":" + revision)
                .setModelId(model).setModelVersion(version).setVariant(Variant.CHAMPION)
                .setWindowStart(Instant.ofEpochMilli(windowEnd - HOUR)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRevision(revision).setTask(ModelTask.CLASSIFICATION).setEstimated(false).setPredictions(5000)
                .setLabelled(4210).setLabelCoverage(0.842).setExpiredUnlabelled(0)
                .setMetrics(List.of(new MetricEstimate("accuracy", accuracy, lower, upper, "wilson", true),
                        new MetricEstimate("log_loss", 0.41, null, null, null, false)))
                .setDecidingMetric("accuracy").setBaseline(0.92).setRelativeDrop((0.92 - accuracy) / 0.92)
                .setVerdict(PerformanceVerdict.CRITICAL_DROP).build();
    }

    public ServingHealthScored serving(long windowEnd, double p50, double p95, double p99) {
        return ServingHealthScored.newBuilder().setEventId("serving:" + model + ":" + version + ":" + windowEnd)
                .setModelId(model).setModelVersion(version).setVariant(Variant.CHAMPION)
                .setWindowStart(Instant.ofEpochMilli(windowEnd - HOUR)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRequests(5000).setErrors(12).setErrorRate(0.0024).setErrorsByKind(Map.of("TIMEOUT", 12L))
                .setThroughputPerSecond(1.39).setLatencyP50Ms(p50).setLatencyP95Ms(p95).setLatencyP99Ms(p99)
                .setLatencyMaxMs(p99 * 3)
                .setBreaches(List.of(EvidenceItem.newBuilder().setKind("LATENCY_SLA").setSubject("latency_p99_ms").setValue(p99).setThreshold(250.0).setDetail("n=5000").setStatistic("latency_p99_ms").setSampleSize(5000L).build())).build();
    }

    public ChallengerCompared challenger(String challengerVersion, long windowEnd, int revision) {
        return ChallengerCompared.newBuilder()
                .setEventId("challenger:" + model + ":" + version + ":" + challengerVersion + ":" + windowEnd + ":" + revision)
                .setModelId(model).setChampionVersion(version).setChallengerVersion(challengerVersion)
                .setChallengerVariant(Variant.CANARY).setWindowStart(Instant.ofEpochMilli(windowEnd - HOUR))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd)).setRevision(revision).setVerdict(ChallengerVerdict.WORSE)
                .setDecidingTest("two_proportion_z").setPValue(0.0003).setEffectSize(-0.041)
                .setTests(List.of(new SignificanceTest("accuracy", "two_proportion_z", 0.921, 0.88, 4500L, 500L, -3.6,
                        0.0003, -0.041, true))).build();
    }

    public RetrainingRequested retraining(long at) {
        return RetrainingRequested.newBuilder().setEventId("retrain:" + model + ":" + version + ":" + at).setModelId(model)
                .setModelVersion(version).setRequestedAt(Instant.ofEpochMilli(at)).setDriftingWindows(12)
                .setReason("amount drifted for 12 windows").setEvidence(evidence("1 feature drifting for 12 windows")).build();
    }

    public InvestigationOpened investigation(long at) {
        return InvestigationOpened.newBuilder().setInvestigationId("investigation:" + model + ":" + version + ":" + at)
                .setAlertId(alertId()).setModelId(model).setModelVersion(version).setLevel(HealthLevel.CRITICAL)
                .setOpenedAt(Instant.ofEpochMilli(at)).setSummary(model + " " + version + " CRITICAL")
                .setPagerDutyDedupKey("shepherd:" + alertId()).setHealthEventId("health:" + model + ":" + at)
                .setEvidence(evidence("accuracy 0.86 vs baseline 0.92")).build();
    }

    public AlertFired alertFired(HealthLevel level, long at) {
        return AlertFired.newBuilder().setAlertId(alertId()).setModelId(model).setModelVersion(version).setLevel(level)
                .setTransition(AlertTransition.FIRING).setFiredAt(Instant.ofEpochMilli(at))
                .setLabels(Map.of("team", "risk")).setHealthEventId("health:" + model + ":" + level + ":" + at)
                .setEvidence(evidence("accuracy 0.86 vs baseline 0.92")).build();
    }

    public AlertResolved alertResolved(long at) {
        return AlertResolved.newBuilder().setAlertId(alertId()).setModelId(model).setModelVersion(version)
                .setLastLevel(HealthLevel.CRITICAL).setResolvedAt(Instant.ofEpochMilli(at))
                .setHealthEventId("health:" + model + ":NONE:" + at).setReason("recovered").build();
    }

    public RollbackRequested rollback(String toVersion, long at) {
        return RollbackRequested.newBuilder().setIdempotencyKey("rollback:" + model + ":" + version + ":" + at)
                .setModelId(model).setFromVersion(version).setToVersion(toVersion).setReason("accuracy dropped 17 %")
                .setRequestedAt(Instant.ofEpochMilli(at)).setDryRun(false).setEvidence(evidence("accuracy 0.76 vs 0.92"))
                .setSignatureKeyId("k1").setSignature("5d41402abc4b2a76b9719d911017c592").build();
    }

    public DeadLettered deadLetter(String reason, long offset, long at) {
        return DeadLettered.newBuilder().setEventId("dlq:shepherd.features:0:" + offset).setApplication("shepherd-streams")
                .setFailedAt(Instant.ofEpochMilli(at)).setSourceTopic("shepherd.features").setSourcePartition(0)
                .setSourceOffset(offset).setOriginalKey(null).setOriginalValue(null).setReason(reason)
                .setDetail("feature amount is NaN").setModelId(model).build();
    }

    private String alertId() {
        return model + ":" + version + ":PERFORMANCE_DROP";
    }

    private static Evidence evidence(String summary) {
        return Evidence.newBuilder().setWindowStart(null).setWindowEnd(null).setReferenceId(null).setSummary(summary)
                .setItems(List.of(EvidenceItem.newBuilder().setKind("PERFORMANCE_DROP").setSubject("accuracy").setValue(0.065).setThreshold(0.05).setDetail("n=4210").setStatistic("relative_drop").setMeasured(0.86).setReference(0.92).setHigherIsBetter(true).setSampleSize(4210L).build()))
                .setSourceEventIds(List.of("perf:1")).build();
    }
}
