package io.shepherd.alerting.support;

import java.time.Instant;
import java.util.List;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
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
