package io.shepherd.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.RollbackSignature;
import io.shepherd.contract.Topics;
import io.shepherd.events.Evidence;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.RollbackRequested;
import io.shepherd.simulator.scenario.Scenarios;

class SimulatorTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final byte[] KEY = "router-key".getBytes(StandardCharsets.UTF_8);

    private record Sent(String topic, String key, Instant at, SpecificRecord value) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<String> news = new ArrayList<>();
    private final SteppedClock clock = new SteppedClock(T0);
    private final Simulator simulator = new Simulator(Scenarios.byName("demo"), (t, k, at, v) -> sent.add(new Sent(t, k, at, v)), clock, 1,
            "run1", Optional.of(KEY), 1.0, news::add);

    private void runFor(Duration duration) {
        Instant end = clock.instant().plus(duration);
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofMillis(100));
            simulator.tick();
        }
    }

    private List<PredictionServed> predictions(String model, Instant from) {
        return sent.stream().filter(s -> s.topic().equals(Topics.PREDICTIONS)).map(s -> (PredictionServed) s.value())
                .filter(p -> p.getModelId().equals(model) && !p.getEventTime().isBefore(from)).toList();
    }

    @Test
    void theFirstTickDeploysVersionOneOfEveryModel() {
        simulator.tick();

        assertThat(sent).filteredOn(s -> s.topic().equals(Topics.LIFECYCLE)).extracting(s -> (ModelLifecycle) s.value())
                .extracting(ModelLifecycle::getModelId, ModelLifecycle::getToVersion)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("fraud-scorer", "v1"),
                        org.assertj.core.groups.Tuple.tuple("eta-regressor", "v1"), org.assertj.core.groups.Tuple.tuple("recs-ranker", "v1"));
    }

    @Test
    void eachModelIsServedAtItsRateAndItsLabelsFollowTwoSecondsLater() {
        simulator.tick();
        runFor(Duration.ofSeconds(10));

        // Traffic starts with the deployments (DEPLOY_LEAD is zero): 10 s of it.
        assertThat(predictions("fraud-scorer", T0)).hasSizeBetween(599, 600);
        assertThat(predictions("eta-regressor", T0)).hasSizeBetween(599, 600);
        long outcomes = sent.stream().filter(s -> s.topic().equals(Topics.OUTCOMES)).count();
        // Labels follow two seconds later: those of the first 8 s are due.
        assertThat(outcomes).isCloseTo((60 + 60 + 30) * 8, within(10L));
        assertThat(sent).filteredOn(s -> s.topic().equals(Topics.OUTCOMES)).allMatch(s -> !s.at().isAfter(clock.instant()));
    }

    @Test
    void aNewVersionTakesTrafficOnlyAfterItsDeploymentIsPublished() {
        simulator.tick();
        runFor(Duration.ofSeconds(30));

        Instant deployed = sent.stream().filter(s -> s.value() instanceof ModelLifecycle l && "v2".equals(l.getToVersion()))
                .map(Sent::at).findFirst().orElseThrow();
        Instant firstV2 = predictions("fraud-scorer", T0).stream().filter(p -> p.getModelVersion().equals("v2"))
                .map(PredictionServed::getEventTime).min(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(deployed, firstV2)).isBetween(Simulator.DEPLOY_LEAD, Simulator.DEPLOY_LEAD.plusMillis(200));
    }

    @Test
    void afterASignedRollbackVersionTwoStopsAndVersionOneServesAgain() {
        simulator.tick();
        runFor(Duration.ofSeconds(130));
        assertThat(predictions("fraud-scorer", T0.plusSeconds(125))).isNotEmpty().allMatch(p -> p.getModelVersion().equals("v2"));

        simulator.onRollbackCommand(signedRollback());
        Instant rolledBackAt = clock.instant();
        runFor(Duration.ofSeconds(5));

        assertThat(sent).filteredOn(s -> s.topic().equals(Topics.LIFECYCLE)).extracting(s -> (ModelLifecycle) s.value())
                .filteredOn(l -> l.getType() == LifecycleEventType.ROLLED_BACK).singleElement()
                .satisfies(l -> assertThat(l.getFromVersion() + "->" + l.getToVersion()).isEqualTo("v2->v1"));
        assertThat(predictions("fraud-scorer", rolledBackAt.plusMillis(200))).isNotEmpty().allMatch(p -> p.getModelVersion().equals("v1"));
        assertThat(news).anyMatch(n -> n.startsWith("controller: rolled fraud-scorer back from v2 to v1"));
    }

    private static RollbackRequested signedRollback() {
        RollbackRequested command = RollbackRequested.newBuilder().setIdempotencyKey("rollback:fraud-scorer:v2:1")
                .setModelId("fraud-scorer").setFromVersion("v2").setToVersion("v1").setReason("EMERGENCY")
                .setRequestedAt(T0.plusSeconds(130)).setDryRun(false).setEvidence(Evidence.newBuilder().setSummary("s").build())
                .setSignatureKeyId("k1").setSignature("").build();
        command.setSignature(RollbackSignature.sign(KEY, command));
        return command;
    }
}
