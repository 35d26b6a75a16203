package io.shepherd.projections.actions;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.InvestigationOpened;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/** One document per investigation opened by the alert router. */
public final class InvestigationProjection implements Projection<InvestigationOpened> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String investigationId, String alertId,
                           String modelId, String modelVersion, String level, String summary,
                           String pagerDutyDedupKey, String healthEventId, EvidenceDocument evidence) {
    }

    @Override
    public Class<InvestigationOpened> eventType() {
        return InvestigationOpened.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.INVESTIGATIONS;
    }

    @Override
    public ProjectedDocument toDocument(InvestigationOpened e) {
        Document doc = new Document(Times.iso(e.getOpenedAt()), e.getInvestigationId(), e.getAlertId(), e.getModelId(),
                e.getModelVersion(), e.getLevel().name(), e.getSummary(), e.getPagerDutyDedupKey(),
                e.getHealthEventId(), EvidenceDocument.of(e.getEvidence()));
        return new ProjectedDocument(index().indexName(), e.getInvestigationId(), ProjectedDocument.IMMUTABLE, doc);
    }
}
