package io.shepherd.alerting.app;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;

/** Keeps a record the router cannot read, whole, on the dead-letter topic with the reason, and counts it. */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EventSink sink;
    private final MeterRegistry registry;

    DeadLetters(EventSink sink, MeterRegistry registry) {
        this.sink = sink;
        this.registry = registry;
    }

    void undecodable(ConsumerRecord<String, byte[]> record, Exception reason) {
        send(record, "UNDECODABLE", reason);
    }

    /** A record read well whose handling failed for a reason publishing again would not cure. */
    void unprocessable(ConsumerRecord<String, byte[]> record, Exception reason) {
        send(record, "PROCESSING_FAILED", reason);
    }

    private void send(ConsumerRecord<String, byte[]> record, String kind, Exception reason) {
        String id = record.topic() + ":" + record.partition() + ":" + record.offset();
        log.error("dead-lettering {} ({}): {}", id, kind, reason.toString(), reason);
        sink.publish(Topics.DEAD_LETTERS, id, DeadLettered.newBuilder().setEventId(id).setApplication("alert-router")
                .setFailedAt(Instant.ofEpochMilli(record.timestamp())).setSourceTopic(record.topic())
                .setSourcePartition(record.partition()).setSourceOffset(record.offset())
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setReason(kind).setDetail(String.valueOf(reason.getMessage())).setModelId(null).build());
        registry.counter("shepherd.dead.letters", "topic", record.topic(), "reason", kind).increment();
    }
}
