package io.shepherd.projections.deadletter;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;
import io.shepherd.projections.sink.Delivery;

/**
 * The documents of the projections' own dead-letter index, one per source record ({@code projection:<topic>:<partition>:<offset>}),
 * so a replay that meets the same bad record again writes nothing new.
 */
public final class ProjectionDeadLetters {

    public static final String APPLICATION = "shepherd-projections";

    private final ObjectMapper json;
    private final Clock clock;

    public ProjectionDeadLetters(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public boolean isDeadLetter(ProjectedDocument doc) {
        return doc.index().equals(ProjectionIndex.PROJECTION_DEAD_LETTERS.indexName());
    }

    /** A record that could not be turned into a document: undecodable, or an event type no projection maps. */
    public ProjectedDocument undecodable(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
        return document(new DeadLetterDocument(Times.iso(clock.instant()), id(record.topic(), record.partition(), record.offset()),
                APPLICATION, record.topic(), record.partition(), record.offset(), reason, detail, null, record.key(),
                record.value(), null, null, null));
    }

    /** A document Elasticsearch refused, kept as JSON with the index it was meant for and the reason. */
    public ProjectedDocument rejected(Delivery delivery, String reason, String detail) {
        ProjectedDocument refused = delivery.document();
        JsonNode source = json.valueToTree(refused.source());
        String modelId = source.hasNonNull("modelId") ? source.get("modelId").asText() : null;
        String topic = delivery.partition().topic();
        int partition = delivery.partition().partition();
        return document(new DeadLetterDocument(Times.iso(clock.instant()), id(topic, partition, delivery.offset()),
                APPLICATION, topic, partition, delivery.offset(), reason, detail, modelId, null, null, refused.index(),
                refused.id(), write(source)));
    }

    private ProjectedDocument document(DeadLetterDocument doc) {
        return new ProjectedDocument(ProjectionIndex.PROJECTION_DEAD_LETTERS.indexName(), doc.eventId(),
                ProjectedDocument.IMMUTABLE, doc);
    }

    private static String id(String topic, int partition, long offset) {
        return "projection:" + topic + ":" + partition + ":" + offset;
    }

    private String write(JsonNode source) {
        try {
            return json.writeValueAsString(source);
        } catch (JsonProcessingException e) {
            return source.toString();
        }
    }
}
