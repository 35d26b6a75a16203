package io.shepherd.projections.document;

import java.util.List;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;

/**
 * The evidence behind a decision, kept whole in {@code _source} (mapped {@code enabled: false}: read on a document,
 * never searched) so that a dashboard row leads to the facts; its summary and source event ids are indexed separately.
 */
public record EvidenceDocument(String windowStart, String windowEnd, String referenceId, String summary,
                               List<Item> items, List<String> sourceEventIds) {

    /** One measured fact, with what its value means (statistic, measured, reference, interval, sizes, p-value, since). */
    public record Item(String kind, String subject, double value, Double threshold, String detail, String statistic, Double measured,
                       Double reference, Double lower, Double upper, Long sampleSize, Long referenceSize, Double pValue, String since) {
    }

    public static EvidenceDocument of(Evidence evidence) {
        if (evidence == null) {
            return null;
        }
        return new EvidenceDocument(Times.iso(evidence.getWindowStart()), Times.iso(evidence.getWindowEnd()),
                evidence.getReferenceId(), evidence.getSummary(), items(evidence.getItems()),
                List.copyOf(evidence.getSourceEventIds()));
    }

    public static List<Item> items(List<EvidenceItem> items) {
        return items.stream().map(i -> new Item(i.getKind(), i.getSubject(), i.getValue(), i.getThreshold(), i.getDetail(), i.getStatistic(),
                i.getMeasured(), i.getReference(), i.getLower(), i.getUpper(), i.getSampleSize(), i.getReferenceSize(), i.getPValue(),
                Times.iso(i.getSince()))).toList();
    }
}
