package io.shepherd.alerting.notify.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.AlertText;
import io.shepherd.alerting.notify.KibanaLink;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;

/**
 * PagerDuty Events API v2 bodies. One alert is one PagerDuty alert: its {@code dedup_key} is stable while the alert
 * is open, so a level change updates the incident and a resolve closes it.
 */
public final class PagerDutyEvent {

    public static final int MAX_SUMMARY = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PagerDutyEvent() {
    }

    public static String dedupKey(Alert alert) {
        return "shepherd:" + alert.id();
    }

    /** Events API v2 severities: critical, error, warning, info. */
    public static String severity(HealthLevel level) {
        return switch (level) {
            case EMERGENCY -> "critical";
            case CRITICAL -> "error";
            case WARNING -> "warning";
            case NONE -> "info";
        };
    }

    public static String trigger(String routingKey, Alert alert, String kibanaUrl) {
        ObjectNode event = JSON.createObjectNode().put("routing_key", routingKey).put("event_action", "trigger")
                .put("dedup_key", dedupKey(alert)).put("client", "Shepherd");
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", AlertText.truncate(AlertText.summary(alert), MAX_SUMMARY))
                .put("source", "shepherd/" + alert.modelId() + "/" + alert.modelVersion())
                .put("severity", severity(alert.level()))
                .put("timestamp", alert.updatedAt().toString())
                .put("component", alert.modelId()).put("group", alert.modelVersion()).put("class", alert.cause());
        payload.set("custom_details", details(alert));
        ArrayNode links = event.putArray("links");
        links.addObject().put("href", KibanaLink.forVersion(kibanaUrl, alert.modelId(), alert.modelVersion()))
                .put("text", "Model health in Kibana");
        return event.toString();
    }

    public static String resolve(String routingKey, Alert alert) {
        return JSON.createObjectNode().put("routing_key", routingKey).put("event_action", "resolve")
                .put("dedup_key", dedupKey(alert)).toString();
    }

    /** A page about something the router itself could not do, such as a refused rollback. */
    public static String page(String routingKey, String dedupKey, String summary, String source, ObjectNode details) {
        ObjectNode event = JSON.createObjectNode().put("routing_key", routingKey).put("event_action", "trigger")
                .put("dedup_key", dedupKey).put("client", "Shepherd");
        ObjectNode payload = event.putObject("payload").put("summary", AlertText.truncate(summary, MAX_SUMMARY))
                .put("source", source).put("severity", "critical");
        payload.set("custom_details", details);
        return event.toString();
    }

    static ObjectNode details(Alert alert) {
        ObjectNode details = JSON.createObjectNode().put("alert_id", alert.id()).put("model_id", alert.modelId())
                .put("model_version", alert.modelVersion()).put("level", alert.level().name()).put("cause", alert.cause())
                .put("health_event_id", alert.healthEventId());
        ObjectNode labels = details.putObject("labels");
        new java.util.TreeMap<>(alert.labels()).forEach(labels::put);
        if (alert.evidence() != null) {
            ObjectNode evidence = details.putObject("evidence").put("summary", alert.evidence().getSummary());
            if (alert.evidence().getWindowStart() != null) {
                evidence.put("window_start", alert.evidence().getWindowStart().toString());
            }
            if (alert.evidence().getWindowEnd() != null) {
                evidence.put("window_end", alert.evidence().getWindowEnd().toString());
            }
            evidence.put("reference_id", alert.evidence().getReferenceId());
            ArrayNode items = evidence.putArray("items");
            for (EvidenceItem item : alert.evidence().getItems()) {
                items.addObject().put("kind", item.getKind()).put("subject", item.getSubject()).put("value", item.getValue())
                        .put("threshold", item.getThreshold()).put("detail", item.getDetail());
            }
        }
        return details;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
