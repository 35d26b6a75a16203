package io.shepherd.projections.performance;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.MetricEstimate;
import io.shepherd.events.PerformanceScored;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/**
 * One document per model version and window, whatever its revision: the id leaves the revision out and the revision
 * is the external version, so the latest restatement wins and a replayed older one is refused.
 */
public final class PerformanceProjection implements Projection<PerformanceScored> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, String variant, String windowStart, String windowEnd, int revision,
                           String task, boolean estimated, long predictions, long labelled, double labelCoverage,
                           long expiredUnlabelled, String decidingMetric, Double value, Double lower, Double upper,
                           Double baseline, Double relativeDrop, String verdict, List<Metric> metrics) {
    }

    public record Metric(String name, double value, Double lower, Double upper, String method, boolean higherIsBetter) {
    }

    @Override
    public Class<PerformanceScored> eventType() {
        return PerformanceScored.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.PERFORMANCE;
    }

    @Override
    public ProjectedDocument toDocument(PerformanceScored e) {
        List<Metric> metrics = e.getMetrics().stream().map(PerformanceProjection::metric).toList();
        Metric deciding = metrics.stream().filter(m -> m.name().equals(e.getDecidingMetric())).findFirst().orElse(null);
        Document doc = new Document(Times.iso(e.getWindowEnd()), e.getEventId(), e.getModelId(), e.getModelVersion(),
                e.getVariant().name(), Times.iso(e.getWindowStart()), Times.iso(e.getWindowEnd()), e.getRevision(),
                e.getTask().name(), e.getEstimated(), e.getPredictions(), e.getLabelled(), e.getLabelCoverage(),
                e.getExpiredUnlabelled(), e.getDecidingMetric(), deciding == null ? null : deciding.value(),
                deciding == null ? null : deciding.lower(), deciding == null ? null : deciding.upper(), e.getBaseline(),
                e.getRelativeDrop(), e.getVerdict().name(), metrics);
        return new ProjectedDocument(index().indexName(), windowId(e), e.getRevision() + 1L, doc);
    }

    static String windowId(PerformanceScored e) {
        return "perf:" + e.getModelId() + ":" + e.getModelVersion() + ":" + e.getWindowStart().toEpochMilli() + ":"
                + e.getWindowEnd().toEpochMilli();
    }

    private static Metric metric(MetricEstimate m) {
        return new Metric(m.getName(), m.getValue(), m.getLower(), m.getUpper(), m.getMethod(), m.getHigherIsBetter());
    }
}
