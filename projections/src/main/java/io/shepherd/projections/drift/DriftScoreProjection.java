package io.shepherd.projections.drift;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/** One document per feature and window; {@code decidingValue} is the score the verdict used, for heatmaps and rankings. */
public final class DriftScoreProjection implements Projection<DriftScored> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, String feature, String featureKind, String windowStart,
                           String windowEnd, String referenceId, long sampleSize, long referenceSize, String verdict,
                           boolean drifting, String decidingScore, Double decidingValue, double threshold,
                           Map<String, Double> scores, Double pValue, double importance) {
    }

    @Override
    public Class<DriftScored> eventType() {
        return DriftScored.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.DRIFT_SCORES;
    }

    @Override
    public ProjectedDocument toDocument(DriftScored e) {
        Document doc = new Document(Times.iso(e.getWindowEnd()), e.getEventId(), e.getModelId(), e.getModelVersion(),
                e.getFeature(), e.getFeatureKind().name(), Times.iso(e.getWindowStart()), Times.iso(e.getWindowEnd()),
                e.getReferenceId(), e.getSampleSize(), e.getReferenceSize(), e.getVerdict().name(),
                e.getVerdict() == DriftVerdict.DRIFT, e.getDecidingScore(), finite(e.getScores().get(e.getDecidingScore())),
                e.getThreshold(), Map.copyOf(e.getScores()), e.getPValue(), e.getImportance());
        return new ProjectedDocument(index().indexName(), e.getEventId(), ProjectedDocument.IMMUTABLE, doc);
    }

    /** JSON has no NaN or infinity; a score that is not finite is absent from the chart rather than a rejected document. */
    static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }
}
