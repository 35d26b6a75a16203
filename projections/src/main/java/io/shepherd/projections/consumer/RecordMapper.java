package io.shepherd.projections.consumer;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import io.shepherd.projections.deadletter.ProjectionDeadLetters;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.ProjectionCatalog;
import io.shepherd.projections.sink.Delivery;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.SchemaRegistryException;

/**
 * Turns one Kafka record into the delivery to write: its document, or a dead letter saying why there is none. Only an
 * unreachable registry escapes, as {@link RegistryUnavailable}, since waiting for it may fix the record.
 */
public final class RecordMapper {

    /** The registry could not be asked for the record's schema; read the record again later. */
    public static final class RegistryUnavailable extends RuntimeException {
        RegistryUnavailable(SchemaRegistryException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
    private final ProjectionDeadLetters deadLetters;

    public RecordMapper(Map<String, Object> serdeConfig, ProjectionDeadLetters deadLetters) {
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put("specific.avro.reader", true);
        deserializer.configure(config, false);
        this.deadLetters = deadLetters;
    }

    /** The delivery for {@code record}, or null for a tombstone (nothing to write). */
    public Delivery map(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        return new Delivery(tp, record.offset(), document(record));
    }

    private ProjectedDocument document(ConsumerRecord<byte[], byte[]> record) {
        Object event;
        try {
            event = deserializer.deserialize(record.topic(), record.value());
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                throw new RegistryUnavailable(e);
            }
            return deadLetters.undecodable(record, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            return deadLetters.undecodable(record, "UNDECODABLE", e.toString());
        }
        try {
            return ProjectionCatalog.toDocument(event).orElseGet(() -> deadLetters.undecodable(record,
                    "UNKNOWN_EVENT_TYPE", "no projection for " + event.getClass().getName() + " on " + record.topic()));
        } catch (RuntimeException e) {
            return deadLetters.undecodable(record, "UNMAPPABLE_EVENT", e.toString());
        }
    }
}
