package io.shepherd.projections.actions;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.RetrainingRequested;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/** One document per retraining request. */
public final class RetrainingProjection implements Projection<RetrainingRequested> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, int driftingWindows, String summary, EvidenceDocument evidence) {
    }

    @Override
    public Class<RetrainingRequested> eventType() {
        return RetrainingRequested.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.RETRAINING_REQUESTS;
    }

    @Override
    public ProjectedDocument toDocument(RetrainingRequested e) {
        Document doc = new Document(Times.iso(e.getRequestedAt()), e.getEventId(), e.getModelId(), e.getModelVersion(),
                e.getDriftingWindows(), e.getReason(), EvidenceDocument.of(e.getEvidence()));
        return new ProjectedDocument(index().indexName(), e.getEventId(), ProjectedDocument.IMMUTABLE, doc);
    }
}
