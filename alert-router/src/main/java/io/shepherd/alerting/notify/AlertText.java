package io.shepherd.alerting.notify;

import java.util.List;
import java.util.Locale;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.events.EvidenceItem;

/** The words every receiver uses for an alert: a one-line summary and its top evidence. */
public final class AlertText {

    public static final int TOP_EVIDENCE = 5;

    private AlertText() {
    }

    public static String summary(Alert alert) {
        String state = alert.resolved() ? "RESOLVED (" + alert.resolveReason() + ")" : alert.level().name();
        String evidence = alert.evidence() == null ? "" : ": " + alert.evidence().getSummary();
        return "[" + state + "] " + alert.modelId() + " " + alert.modelVersion() + " " + alert.cause() + evidence;
    }

    public static List<String> topEvidence(Alert alert) {
        if (alert.evidence() == null) {
            return List.of();
        }
        return alert.evidence().getItems().stream().limit(TOP_EVIDENCE).map(AlertText::item).toList();
    }

    public static String item(EvidenceItem item) {
        String threshold = item.getThreshold() == null ? "" : " (threshold " + number(item.getThreshold()) + ")";
        String detail = item.getDetail() == null ? "" : ", " + item.getDetail();
        return item.getKind() + " " + item.getSubject() + " = " + number(item.getValue()) + threshold + detail;
    }

    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
