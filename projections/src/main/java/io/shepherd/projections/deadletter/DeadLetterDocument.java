package io.shepherd.projections.deadletter;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record that could not be processed, in either dead-letter index: the services' ({@code shepherd-dead-letters}) or
 * the projections' own ({@code shepherd-dead-letters-projections}, which also names the index and document that
 * Elasticsearch refused, and keeps the refused document as JSON). One shape, so one data view charts both by reason.
 */
public record DeadLetterDocument(@JsonProperty("@timestamp") String timestamp, String eventId, String application,
                                 String sourceTopic, int sourcePartition, long sourceOffset, String reason,
                                 String detail, String modelId, byte[] originalKey, byte[] originalValue,
                                 String targetIndex, String documentId, String document) {
}
