package io.shepherd.projections.sink;

import org.apache.kafka.common.TopicPartition;

import io.shepherd.projections.document.ProjectedDocument;

/** A document on its way to Elasticsearch with the record it came from: the bulk listener's per-operation context. */
public record Delivery(TopicPartition partition, long offset, ProjectedDocument document) {
}
