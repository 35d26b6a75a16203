package io.shepherd.projections.health;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
import io.shepherd.text.EvidenceText;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/**
 * One document per escalation change or heartbeat; {@code levelRank} (NONE 0 .. EMERGENCY 3) makes the level
 * chartable as a timeline per model version.
 */
public final class ModelHealthProjection implements Projection<ModelHealthChanged> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, String variant, String previousLevel, String level, int levelRank,
                           List<String> causes, boolean heartbeat, String summary, List<String> sourceEventIds,
                           EvidenceDocument evidence, String changedSource, List<Source> sources) {
    }

    /** One source above NONE at its own level, with its causes and the one line of each. */
    public record Source(String source, String level, List<String> causes, String since, List<String> statements) {
    }

    private static Source source(SourceHealth s) {
        return new Source(s.getSource(), s.getLevel().name(), List.copyOf(s.getCauses()), Times.iso(s.getSince()),
                s.getCauses().stream().map(cause -> EvidenceText.statement(cause, s.getEvidence())).toList());
    }

    @Override
    public Class<ModelHealthChanged> eventType() {
        return ModelHealthChanged.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.MODEL_HEALTH;
    }

    @Override
    public ProjectedDocument toDocument(ModelHealthChanged e) {
        EvidenceDocument evidence = EvidenceDocument.of(e.getEvidence());
        Document doc = new Document(Times.iso(e.getEventTime()), e.getEventId(), e.getModelId(), e.getModelVersion(),
                e.getVariant().name(), e.getPreviousLevel().name(), e.getLevel().name(), e.getLevel().ordinal(),
                List.copyOf(e.getCauses()), e.getHeartbeat(), evidence.summary(), evidence.sourceEventIds(), evidence,
                e.getChangedSource(), e.getSources().stream().map(ModelHealthProjection::source).toList());
        return new ProjectedDocument(index().indexName(), e.getEventId(), ProjectedDocument.IMMUTABLE, doc);
    }
}
