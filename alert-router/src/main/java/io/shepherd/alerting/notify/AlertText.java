package io.shepherd.alerting.notify;

import java.util.List;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.text.EvidenceText;

/**
 * The words every receiver uses for an alert: one line an on-call engineer reads at a glance (the model and version
 * once, the level, the measured fact of the alert's own cause with its limit, sample size and window) and the
 * alert's measured facts, most significant first.
 */
public final class AlertText {

    public static final int TOP_EVIDENCE = 5;

    private AlertText() {
    }

    /**
     * {@code fraud-scorer v2 WARNING: drift in amount, PSI 1.99 (limit 0.20), 1,194 values vs 600 in the reference, ...}
     * while it fires; {@code fraud-scorer v2 RESOLVED (rolled back): drift, WARNING for 3 min 10 s} once resolved.
     */
    public static String summary(Alert alert) {
        if (alert.resolved()) {
            return alert.modelId() + " " + alert.modelVersion() + " RESOLVED (" + alert.resolveReason() + "): "
                    + EvidenceText.label(alert.cause()) + ", " + alert.level() + " for "
                    + EvidenceText.lasted(alert.startsAt(), alert.endsAt().orElseThrow());
        }
        return EvidenceText.headline(alert.modelId(), alert.modelVersion(), alert.level(), alert.cause(), alert.evidence());
    }

    /** The measured facts of the alert's own cause, at most {@value #TOP_EVIDENCE}. */
    public static List<String> topEvidence(Alert alert) {
        if (alert.evidence() == null) {
            return List.of();
        }
        return EvidenceText.itemsOf(alert.cause(), alert.evidence()).stream().limit(TOP_EVIDENCE).map(i -> EvidenceText.fact(alert.cause(), i)).toList();
    }

    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }
}
