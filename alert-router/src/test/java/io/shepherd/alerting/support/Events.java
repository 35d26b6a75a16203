package io.shepherd.alerting.support;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;

/** Events as the streams app and the deployment pipeline publish them, with explicit times. */
public final class Events {

    private Events() {
    }

    public static ModelHealthChanged health(String model, String version, Variant variant, HealthLevel previous, HealthLevel level,
                                            Instant at, String... causes) {
        return ModelHealthChanged.newBuilder().setEventId("health:" + model + ":" + version + ":" + level + ":" + at.toEpochMilli())
                .setModelId(model).setModelVersion(version).setVariant(variant).setEventTime(at).setPreviousLevel(previous)
                .setLevel(level).setCauses(List.of(causes)).setHeartbeat(false).setEvidence(evidence(level, at)).build();
    }

    /**
     * A health change as the streams app announces it since version 2 of the event: the overall level is the highest
     * source, and every source above NONE is listed with its own level and causes.
     */
    public static ModelHealthChanged sourced(String model, String version, HealthLevel previous, Instant at, String changed,
                                             SourceHealth... sources) {
        HealthLevel level = Arrays.stream(sources).map(SourceHealth::getLevel).max(Enum::compareTo).orElse(HealthLevel.NONE);
        List<String> causes = Arrays.stream(sources).filter(s -> s.getLevel() == level).flatMap(s -> s.getCauses().stream()).toList();
        return ModelHealthChanged.newBuilder().setEventId("health:" + model + ":" + version + ":" + level + ":" + at.toEpochMilli() + ":" + changed)
                .setModelId(model).setModelVersion(version).setVariant(Variant.CHAMPION).setEventTime(at).setPreviousLevel(previous)
                .setLevel(level).setCauses(causes).setHeartbeat(false).setEvidence(evidence(level, at))
                .setSources(List.of(sources)).setChangedSource(changed).build();
    }

    /** One source holding a version at a level for some causes, with evidence naming those causes. */
    public static SourceHealth source(String name, HealthLevel level, Instant since, String... causes) {
        List<EvidenceItem> items = Arrays.stream(causes).map(c -> EvidenceItem.newBuilder().setKind(c).setSubject(c.equals("DRIFT") ? "amount" : "accuracy")
                .setValue(0.31).setThreshold(0.2).setStatistic(c.equals("DRIFT") ? "psi" : "relative_drop").setSampleSize(1000L).build()).toList();
        return SourceHealth.newBuilder().setSource(name).setLevel(level).setCauses(List.of(causes)).setSince(since)
                .setEvidence(Evidence.newBuilder().setWindowStart(since.minusSeconds(10)).setWindowEnd(since).setReferenceId(null)
                        .setSummary(name + " " + level).setItems(items).setSourceEventIds(List.of()).build()).build();
    }

    public static Evidence evidence(HealthLevel level, Instant at) {
        return Evidence.newBuilder().setWindowStart(at.minusSeconds(3600)).setWindowEnd(at).setReferenceId("first-10000")
                .setSummary(level + ": accuracy 0.81 vs baseline 0.92")
                .setItems(List.of(EvidenceItem.newBuilder().setKind("ACCURACY_DROP").setSubject("accuracy").setValue(0.12)
                                .setThreshold(0.05).setDetail("n=5000").build(),
                        EvidenceItem.newBuilder().setKind("DRIFT_PSI").setSubject("amount").setValue(0.31).setThreshold(0.2).build()))
                .setSourceEventIds(List.of()).build();
    }

    public static ModelLifecycle deployed(String model, String version, Variant variant, Instant at) {
        return lifecycle(model, LifecycleEventType.DEPLOYED, null, version, variant, at, null);
    }

    public static ModelLifecycle rolledBack(String model, String from, String to, Instant at, String causedBy) {
        return lifecycle(model, LifecycleEventType.ROLLED_BACK, from, to, Variant.CHAMPION, at, causedBy);
    }

    public static ModelLifecycle lifecycle(String model, LifecycleEventType type, String from, String to, Variant variant, Instant at,
                                           String causedBy) {
        return ModelLifecycle.newBuilder().setEventId(model + ":" + type + ":" + to + ":" + at.toEpochMilli()).setModelId(model)
                .setEventTime(at).setType(type).setFromVersion(from).setToVersion(to).setVariant(variant).setActor("ci")
                .setCausedBy(causedBy).build();
    }
}
