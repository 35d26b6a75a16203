package io.shepherd.projections.actions;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.contract.AlertIds;
import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;
import io.shepherd.text.EvidenceText;

/**
 * Alerts as a log of what happened to each one: a document per firing, level change and resolution, so the table
 * shows the whole story and no write has to read or update an earlier one.
 */
public final class AlertProjections {

    /**
     * @param cause   the alert's cause (DRIFT, PERFORMANCE_DROP, ...): one alert, hence one line, per cause
     * @param summary the alert's one line: the measured fact of its cause while it fires, why it ended once resolved
     * @param reason  why it resolved (recovered, rolled back, retired); null while it fires
     */
    public record Document(@JsonProperty("@timestamp") String timestamp, String alertId, String modelId,
                           String modelVersion, String cause, String action, String level, Map<String, String> labels,
                           String healthEventId, String summary, String reason, EvidenceDocument evidence) {
    }

    private AlertProjections() {
    }

    public static final class Fired implements Projection<AlertFired> {
        @Override
        public Class<AlertFired> eventType() {
            return AlertFired.class;
        }

        @Override
        public ProjectionIndex index() {
            return ProjectionIndex.ALERTS;
        }

        @Override
        public ProjectedDocument toDocument(AlertFired e) {
            EvidenceDocument evidence = EvidenceDocument.of(e.getEvidence());
            String cause = AlertIds.causeOf(e.getAlertId());
            Document doc = new Document(Times.iso(e.getFiredAt()), e.getAlertId(), e.getModelId(), e.getModelVersion(), cause,
                    e.getTransition().name(), e.getLevel().name(), Map.copyOf(e.getLabels()), e.getHealthEventId(),
                    EvidenceText.headline(e.getModelId(), e.getModelVersion(), e.getLevel(), cause, e.getEvidence()), null, evidence);
            return document(e.getAlertId(), doc);
        }
    }

    public static final class Resolved implements Projection<AlertResolved> {
        @Override
        public Class<AlertResolved> eventType() {
            return AlertResolved.class;
        }

        @Override
        public ProjectionIndex index() {
            return ProjectionIndex.ALERTS;
        }

        @Override
        public ProjectedDocument toDocument(AlertResolved e) {
            String cause = AlertIds.causeOf(e.getAlertId());
            String summary = e.getModelId() + " " + e.getModelVersion() + " RESOLVED (" + e.getReason() + "): " + EvidenceText.label(cause)
                    + ", was " + e.getLastLevel();
            Document doc = new Document(Times.iso(e.getResolvedAt()), e.getAlertId(), e.getModelId(), e.getModelVersion(), cause,
                    "RESOLVED", e.getLastLevel().name(), Map.of(), e.getHealthEventId(), summary, e.getReason(), null);
            return document(e.getAlertId(), doc);
        }
    }

    private static ProjectedDocument document(String alertId, Document doc) {
        String id = "alert:" + alertId + ":" + doc.action() + ":" + doc.healthEventId();
        return new ProjectedDocument(ProjectionIndex.ALERTS.indexName(), id, ProjectedDocument.IMMUTABLE, doc);
    }
}
