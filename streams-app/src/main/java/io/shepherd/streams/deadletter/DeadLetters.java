package io.shepherd.streams.deadletter;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.shepherd.events.DeadLettered;
import io.shepherd.streams.validation.Rejection;

/**
 * Sends a rejected record, whole and with its reason, to the dead-letter sink, and counts it per model and reason in
 * the app's metrics ({@code shepherd-dead-letters} group, visible over JMX). Processing then goes on.
 */
public final class DeadLetters {

    public static final String SINK = "dead-letters-sink";

    private final String application;
    private final ProcessorContext<String, Object> context;
    private final String sink;
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();

    public DeadLetters(String application, ProcessorContext<String, Object> context) {
        this(application, context, SINK);
    }

    /** @param sink the dead-letter sink node of the processor using this, or null to forward to all its children */
    public DeadLetters(String application, ProcessorContext<String, Object> context, String sink) {
        this.application = application;
        this.context = context;
        this.sink = sink;
    }

    public void send(Record<byte[], byte[]> original, Rejection rejection, String modelId) {
        byte[] originalKey = original.key();
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        DeadLettered letter = DeadLettered.newBuilder()
                .setEventId("dlq:" + meta.topic() + ":" + meta.partition() + ":" + meta.offset())
                .setApplication(application)
                .setFailedAt(Instant.ofEpochMilli(original.timestamp()))
                .setSourceTopic(meta.topic())
                .setSourcePartition(meta.partition())
                .setSourceOffset(meta.offset())
                .setOriginalKey(originalKey == null ? null : ByteBuffer.wrap(originalKey))
                .setOriginalValue(original.value() == null ? null : ByteBuffer.wrap(original.value()))
                .setReason(rejection.reason())
                .setDetail(rejection.detail())
                .setModelId(modelId)
                .build();
        Record<String, Object> out = new Record<>(meta.topic() + ":" + meta.partition() + ":" + meta.offset(), letter, original.timestamp());
        if (sink == null) {
            context.forward(out);
        } else {
            context.forward(out, sink);
        }
        sensor(modelId == null ? "unknown" : modelId, rejection.reason()).record();
    }

    private Sensor sensor(String modelId, String reason) {
        return sensors.computeIfAbsent(modelId + "\n" + reason, k -> {
            StreamsMetrics metrics = context.metrics();
            return metrics.addRateTotalSensor("shepherd-dead-letters", modelId, reason, Sensor.RecordingLevel.INFO,
                    "task-id", context.taskId().toString());
        });
    }
}
