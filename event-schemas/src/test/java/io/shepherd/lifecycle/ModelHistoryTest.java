package io.shepherd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.ReferenceKind;
import io.shepherd.events.ReferenceWindowSpec;
import io.shepherd.events.Variant;

class ModelHistoryTest {

    private static ModelLifecycle event(String id, LifecycleEventType type, String from, String to, Variant variant, long time) {
        return ModelLifecycle.newBuilder().setEventId(id).setModelId("m").setEventTime(Instant.ofEpochMilli(time)).setType(type)
                .setFromVersion(from).setToVersion(to).setVariant(variant)
                .setReference(ReferenceWindowSpec.newBuilder().setKind(ReferenceKind.FIRST_EVENTS).setEvents(500L).build())
                .setBaseline(Map.of("accuracy", 0.9)).build();
    }

    private static ModelHistory fold(List<ModelLifecycle> events) {
        ModelHistory history = ModelHistory.empty("m");
        for (ModelLifecycle e : events) {
            history = ModelHistory.evolve(history, e);
        }
        return history;
    }

    @Test
    void newChampionReplacesTheOldOneWhichStaysKnownGood() {
        ModelHistory history = fold(List.of(
                event("d1", LifecycleEventType.DEPLOYED, null, "v1", Variant.CHAMPION, 1_000),
                event("d2", LifecycleEventType.DEPLOYED, "v1", "v2", Variant.CHAMPION, 2_000)));

        assertThat(history.champion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("v2"));
        assertThat(history.version("v1")).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(ModelHistory.Status.REPLACED));
        assertThat(history.lastKnownGoodBefore("v2")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("v1"));
        assertThat(history.version("v2").orElseThrow().reference().events()).isEqualTo(500L);
        assertThat(history.version("v2").orElseThrow().baseline()).containsEntry("accuracy", 0.9);
    }

    @Test
    void aRolledBackVersionIsNeverKnownGoodAgain() {
        ModelHistory history = fold(List.of(
                event("d1", LifecycleEventType.DEPLOYED, null, "v1", Variant.CHAMPION, 1_000),
                event("d2", LifecycleEventType.DEPLOYED, "v1", "v2", Variant.CHAMPION, 2_000),
                event("r1", LifecycleEventType.ROLLED_BACK, "v2", "v1", Variant.CHAMPION, 3_000),
                event("d3", LifecycleEventType.DEPLOYED, "v1", "v3", Variant.CHAMPION, 4_000)));

        assertThat(history.version("v2").orElseThrow().everRolledBack()).isTrue();
        assertThat(history.lastKnownGoodBefore("v3")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("v1"));
    }

    @Test
    void canaryServesBesideTheChampionAndReplayedEventsAreIgnored() {
        ModelLifecycle canary = event("c1", LifecycleEventType.DEPLOYED, "v1", "v2", Variant.CANARY, 2_000);
        ModelHistory history = fold(List.of(event("d1", LifecycleEventType.DEPLOYED, null, "v1", Variant.CHAMPION, 1_000), canary, canary));

        assertThat(history.champion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("v1"));
        assertThat(history.version("v2").orElseThrow().variant()).isEqualTo("CANARY");
        assertThat(history.appliedEventIds()).containsExactly("d1", "c1");
    }

    @Test
    void promotionMakesTheCanaryChampion() {
        ModelHistory history = fold(List.of(
                event("d1", LifecycleEventType.DEPLOYED, null, "v1", Variant.CHAMPION, 1_000),
                event("c1", LifecycleEventType.DEPLOYED, "v1", "v2", Variant.CANARY, 2_000),
                event("p1", LifecycleEventType.PROMOTED, "v1", "v2", Variant.CHAMPION, 3_000)));

        assertThat(history.champion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("v2"));
        assertThat(history.version("v1").orElseThrow().status()).isEqualTo(ModelHistory.Status.REPLACED);
    }
}
