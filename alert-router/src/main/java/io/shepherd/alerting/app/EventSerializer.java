package io.shepherd.alerting.app;

import java.util.Map;

import org.apache.kafka.common.serialization.Serializer;

import io.shepherd.contract.Topics;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.serde.AvroSerializer;

/**
 * Avro in the Confluent wire format. {@code shepherd.alerts} carries two record types, so its schemas are registered
 * per record ({@code TopicRecordNameStrategy}); every other topic has one type under {@code <topic>-value}.
 */
final class EventSerializer implements Serializer<Object> {

    private final AvroSerializer<Object> perTopic = new AvroSerializer<>();
    private final AvroSerializer<Object> perRecord = new AvroSerializer<>();

    /** @param serdeConfig the registry's URL and client properties ({@link AvroSerdeConfig#configFor}) */
    EventSerializer(Map<String, Object> serdeConfig) {
        perTopic.configure(serdeConfig, false);
        Map<String, Object> perRecordConfig = new java.util.HashMap<>(serdeConfig);
        perRecordConfig.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy");
        perRecord.configure(perRecordConfig, false);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        return (Topics.ALERTS.equals(topic) ? perRecord : perTopic).serialize(topic, data);
    }
}
