package io.shepherd.simulator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.shepherd.contract.RollbackSignature;
import io.shepherd.events.Evidence;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;
import io.shepherd.simulator.scenario.Step;

class RollbackControllerTest {

    private static final byte[] KEY = "router-key".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-05T10:05:00Z");
    private static final Deployments V2_SERVING = Deployments.none()
            .deploy(new Step.Deploy(Duration.ZERO, "fraud-scorer", "v1", Variant.CHAMPION, 1, "v1"))
            .deploy(new Step.Deploy(Duration.ofSeconds(20), "fraud-scorer", "v2", Variant.CHAMPION, 1, "v2"));

    private static RollbackRequested command(String from, String to, boolean dryRun, byte[] signingKey) {
        RollbackRequested command = RollbackRequested.newBuilder().setIdempotencyKey("rollback:fraud-scorer:" + from + ":1")
                .setModelId("fraud-scorer").setFromVersion(from).setToVersion(to).setReason("accuracy -24 % (EMERGENCY)")
                .setRequestedAt(NOW.minusSeconds(1)).setDryRun(dryRun)
                .setEvidence(Evidence.newBuilder().setSummary("accuracy 0.70 vs baseline 0.92").build())
                .setSignatureKeyId("k1").setSignature("").build();
        command.setSignature(RollbackSignature.sign(signingKey, command));
        return command;
    }

    @Test
    void aSignedCommandRollsTheChampionBackAndSaysSoInTheLifecycle() {
        RollbackDecision decision = RollbackController.decide(command("v2", "v1", false, KEY), V2_SERVING, KEY, NOW);

        assertThat(decision).isInstanceOf(RollbackDecision.Applied.class);
        RollbackDecision.Applied applied = (RollbackDecision.Applied) decision;
        assertThat(applied.next().serving("fraud-scorer")).containsExactly(new Serving("v1", Variant.CHAMPION, 1));
        assertThat(applied.event().getType()).isEqualTo(LifecycleEventType.ROLLED_BACK);
        assertThat(applied.event().getFromVersion()).isEqualTo("v2");
        assertThat(applied.event().getToVersion()).isEqualTo("v1");
        assertThat(applied.event().getCausedBy()).isEqualTo("rollback:fraud-scorer:v2:1");
        assertThat(applied.event().getEventId()).isEqualTo("rolled-back:rollback:fraud-scorer:v2:1");
        assertThat(applied.event().getEventTime()).isEqualTo(NOW);
    }

    @Test
    void aCommandSignedWithAnotherKeyIsRefused() {
        RollbackDecision decision = RollbackController.decide(command("v2", "v1", false, "forger".getBytes(StandardCharsets.UTF_8)),
                V2_SERVING, KEY, NOW);

        assertThat(decision).isEqualTo(new RollbackDecision.Ignored("signature does not verify with key k1: refused"));
    }

    @Test
    void aCommandAlteredAfterSigningIsRefused() {
        RollbackRequested altered = command("v2", "v1", false, KEY);
        altered.setToVersion("v0");

        assertThat(RollbackController.decide(altered, V2_SERVING, KEY, NOW)).isInstanceOf(RollbackDecision.Ignored.class);
    }

    @Test
    void aDryRunChangesNothing() {
        assertThat(RollbackController.decide(command("v2", "v1", true, KEY), V2_SERVING, KEY, NOW))
                .isEqualTo(new RollbackDecision.Ignored("dry run: nothing to do"));
    }

    @Test
    void aCommandForAVersionThatNoLongerServesIsIgnored() {
        Deployments rolledBack = V2_SERVING.rollBack("fraud-scorer", "v2", "v1");

        assertThat(RollbackController.decide(command("v2", "v1", false, KEY), rolledBack, KEY, NOW))
                .isEqualTo(new RollbackDecision.Ignored("fraud-scorer v2 no longer serves"));
    }
}
