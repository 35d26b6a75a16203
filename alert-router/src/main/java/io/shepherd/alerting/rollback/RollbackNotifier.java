package io.shepherd.alerting.rollback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.AlertText;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.pipeline.RouterMetrics;
import io.shepherd.contract.Topics;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.RollbackRequested;

/**
 * The rollback publisher, just another notifier: for each model version that went EMERGENCY it asks the guardrails,
 * then publishes a signed {@code RollbackRequested}, or hands the refusal to a human.
 */
public final class RollbackNotifier implements Notifier {

    /** Told when the guardrails refuse, so that a human takes over with the reason. */
    public interface Refusals {
        void refused(Alert alert, String reason);
    }

    private final Fleet fleet;
    private final Optional<RollbackSigner> signer;
    private final GuardrailPolicy limits;
    private final EventSink sink;
    private final Refusals refusals;
    private final RouterMetrics metrics;

    /** @param limits cool-down, daily limit and dry run; whether rollback is allowed comes from each model's policy */
    public RollbackNotifier(Fleet fleet, Optional<RollbackSigner> signer, GuardrailPolicy limits, EventSink sink, Refusals refusals,
                            RouterMetrics metrics) {
        this.fleet = fleet;
        this.signer = signer;
        this.limits = limits;
        this.sink = sink;
        this.refusals = refusals;
        this.metrics = metrics;
    }

    @Override
    public Delivery notify(Notification notification) {
        Map<String, Alert> byVersion = new LinkedHashMap<>();
        notification.changed().stream().filter(a -> a.level() == HealthLevel.EMERGENCY)
                .forEach(a -> byVersion.putIfAbsent(a.modelId() + "\u0000" + a.modelVersion(), a));
        byVersion.values().forEach(this::rollBack);
        return Delivery.DELIVERED;
    }

    public static String idempotencyKey(Alert alert) {
        return "rollback:" + alert.modelId() + ":" + alert.modelVersion() + ":" + alert.updatedAt().toEpochMilli();
    }

    private void rollBack(Alert alert) {
        String key = idempotencyKey(alert);
        if (fleet.known(key)) {
            return;
        }
        if (signer.isEmpty()) {
            refuse(alert, "no rollback signing key is configured (SHEPHERD_ROLLBACK_HMAC_KEY)");
            return;
        }
        GuardrailPolicy policy = new GuardrailPolicy(fleet.autoRollbackAllowed(alert.modelId()), limits.cooldown(), limits.maxPerDay(), limits.dryRun());
        RollbackDecision decision = Guardrails.decide(alert.modelVersion(), alert.label("variant"), alert.updatedAt(),
                fleet.history(alert.modelId()), fleet.past(alert.modelId()), policy);
        if (decision instanceof RollbackDecision.Approved approved) {
            RollbackRequested command = command(key, alert, approved);
            sink.publish(Topics.ROLLBACK_COMMANDS, alert.modelId(), command);
            fleet.rollbackRequested(command);
            metrics.rollback(approved.dryRun() ? "dry-run" : "issued");
        } else if (decision instanceof RollbackDecision.Refused refused) {
            refuse(alert, refused.reason());
        }
    }

    private void refuse(Alert alert, String reason) {
        metrics.rollback("refused");
        refusals.refused(alert, reason);
    }

    private RollbackRequested command(String key, Alert alert, RollbackDecision.Approved approved) {
        RollbackSigner sign = signer.orElseThrow();
        RollbackRequested command = RollbackRequested.newBuilder().setIdempotencyKey(key).setModelId(alert.modelId())
                .setFromVersion(approved.fromVersion()).setToVersion(approved.toVersion())
                .setReason(AlertText.summary(alert))
                .setRequestedAt(alert.updatedAt()).setDryRun(approved.dryRun()).setEvidence(alert.evidence())
                .setSignatureKeyId(sign.keyId()).setSignature("").build();
        command.setSignature(sign.sign(command));
        return command;
    }
}
