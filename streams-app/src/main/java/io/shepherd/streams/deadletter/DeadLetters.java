package io.shepherd.streams.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.shepherd.events.DeadLettered;
import io.shepherd.streams.pending.Origin;
import io.shepherd.streams.validation.Rejection;

/**
 * Sends a rejected record, whole and with its reason, to the dead-letter sink, and counts it per model and reason in
 * the app's metrics ({@code shepherd-dead-letters} group, visible over JMX). Processing then goes on.
 */
public final class DeadLetters {

    public static final String SINK = "dead-letters-sink";

    private final String application;
    private final ProcessorContext<? super String, Object> context;
    private final String sink;
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();

    public DeadLetters(String application, ProcessorContext<? super String, Object> context) {
        this(application, context, SINK);
    }

    /** @param sink the dead-letter sink node of the processor using this, or null to forward to all its children */
    public DeadLetters(String application, ProcessorContext<? super String, Object> context, String sink) {
        this.application = application;
        this.context = context;
        this.sink = sink;
    }

    public void send(Record<byte[], byte[]> original, Rejection rejection, String modelId) {
        // A record the version gate held is sent from a punctuator: its header says where it was read.
        RecordMetadata meta = Origin.of(context, original).orElseThrow();
        forward(letter(application, meta, original, rejection, modelId));
    }

    /** Sends a letter built elsewhere (one of a global store's records, which cannot forward), and counts it. */
    public void forward(DeadLettered letter) {
        Record<String, Object> out = new Record<>(letter.getSourceTopic() + ":" + letter.getSourcePartition() + ":"
                + letter.getSourceOffset(), letter, letter.getFailedAt().toEpochMilli());
        if (sink == null) {
            context.forward(out);
        } else {
            context.forward(out, sink);
        }
        sensor(letter.getModelId() == null ? "unknown" : letter.getModelId(), letter.getReason()).record();
    }

    /** The dead letter of one record: whole, with where it came from and why it was rejected. */
    public static DeadLettered letter(String application, RecordMetadata meta, Record<?, byte[]> original, Rejection rejection,
                                      String modelId) {
        byte[] originalKey = original.key() instanceof byte[] k ? k
                : original.key() == null ? null : original.key().toString().getBytes(StandardCharsets.UTF_8);
        return DeadLettered.newBuilder()
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
    }

    private Sensor sensor(String modelId, String reason) {
        return sensors.computeIfAbsent(modelId + "\n" + reason, k -> {
            StreamsMetrics metrics = context.metrics();
            return metrics.addRateTotalSensor("shepherd-dead-letters", modelId, reason, Sensor.RecordingLevel.INFO,
                    "task-id", context.taskId().toString());
        });
    }
}
