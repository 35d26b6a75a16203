package io.shepherd.projections.actions;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.RollbackRequested;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/**
 * One document per rollback decision (its idempotency key). {@code modelVersion} is the version rolled back from, so
 * the drill-down on an alert's version shows the rollback; the signature stays on Kafka.
 */
public final class RollbackProjection implements Projection<RollbackRequested> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String idempotencyKey, String modelId,
                           String modelVersion, String fromVersion, String toVersion, String action, boolean dryRun,
                           String summary, String signatureKeyId, List<String> sourceEventIds,
                           EvidenceDocument evidence) {
    }

    @Override
    public Class<RollbackRequested> eventType() {
        return RollbackRequested.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.ROLLBACKS;
    }

    @Override
    public ProjectedDocument toDocument(RollbackRequested e) {
        EvidenceDocument evidence = EvidenceDocument.of(e.getEvidence());
        Document doc = new Document(Times.iso(e.getRequestedAt()), e.getIdempotencyKey(), e.getModelId(),
                e.getFromVersion(), e.getFromVersion(), e.getToVersion(), e.getDryRun() ? "ROLLBACK_DRY_RUN" : "ROLLBACK",
                e.getDryRun(), e.getReason(), e.getSignatureKeyId(), evidence.sourceEventIds(), evidence);
        return new ProjectedDocument(index().indexName(), e.getIdempotencyKey(), ProjectedDocument.IMMUTABLE, doc);
    }
}
