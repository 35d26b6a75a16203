package io.shepherd.projections.serving;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.ServingHealthScored;
import io.shepherd.projections.document.EvidenceDocument;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/** One document per model version and window: latency percentiles, throughput, errors and SLA breaches. */
public final class ServingHealthProjection implements Projection<ServingHealthScored> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, String variant, String windowStart, String windowEnd, long requests,
                           long errors, double errorRate, Map<String, Long> errorsByKind, double throughputPerSecond,
                           Double latencyP50Ms, Double latencyP95Ms, Double latencyP99Ms, Double latencyMaxMs,
                           List<String> breachKinds, List<EvidenceDocument.Item> breaches) {
    }

    @Override
    public Class<ServingHealthScored> eventType() {
        return ServingHealthScored.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.SERVING_HEALTH;
    }

    @Override
    public ProjectedDocument toDocument(ServingHealthScored e) {
        List<EvidenceDocument.Item> breaches = EvidenceDocument.items(e.getBreaches());
        Document doc = new Document(Times.iso(e.getWindowEnd()), e.getEventId(), e.getModelId(), e.getModelVersion(),
                e.getVariant().name(), Times.iso(e.getWindowStart()), Times.iso(e.getWindowEnd()), e.getRequests(),
                e.getErrors(), e.getErrorRate(), Map.copyOf(e.getErrorsByKind()), e.getThroughputPerSecond(),
                e.getLatencyP50Ms(), e.getLatencyP95Ms(), e.getLatencyP99Ms(), e.getLatencyMaxMs(),
                breaches.stream().map(EvidenceDocument.Item::kind).distinct().toList(), breaches);
        return new ProjectedDocument(index().indexName(), e.getEventId(), ProjectedDocument.IMMUTABLE, doc);
    }
}
