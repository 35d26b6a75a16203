package io.shepherd.simulator.deploy;

import java.time.Instant;
import java.util.Map;

import io.shepherd.contract.RollbackSignature;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;

/**
 * The deployment controller's rule for rollback commands: act only on a command signed with the router's key, not a
 * dry run, whose version still serves; answer with a {@code ROLLED_BACK} lifecycle event caused by the command. Pure.
 */
public final class RollbackController {

    public static final String ACTOR = "shepherd-simulator";

    private RollbackController() {
    }

    public static RollbackDecision decide(RollbackRequested command, Deployments deployments, byte[] key, Instant now) {
        if (!RollbackSignature.verify(key, command)) {
            return new RollbackDecision.Ignored("signature does not verify with key " + command.getSignatureKeyId() + ": refused");
        }
        if (command.getDryRun()) {
            return new RollbackDecision.Ignored("dry run: nothing to do");
        }
        var from = deployments.version(command.getModelId(), command.getFromVersion());
        if (from.isEmpty()) {
            return new RollbackDecision.Ignored(command.getModelId() + " " + command.getFromVersion() + " no longer serves");
        }
        ModelLifecycle event = ModelLifecycle.newBuilder().setEventId("rolled-back:" + command.getIdempotencyKey())
                .setModelId(command.getModelId()).setEventTime(now).setType(LifecycleEventType.ROLLED_BACK)
                .setFromVersion(command.getFromVersion()).setToVersion(command.getToVersion()).setVariant(from.get().variant())
                .setReference(null).setBaseline(Map.of()).setActor(ACTOR).setReason(command.getReason())
                .setCausedBy(command.getIdempotencyKey()).build();
        return new RollbackDecision.Applied(deployments.rollBack(command.getModelId(), command.getFromVersion(), command.getToVersion()),
                event);
    }
}
