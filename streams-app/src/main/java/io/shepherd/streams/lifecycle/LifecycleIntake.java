package io.shepherd.streams.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.validation.Rejection;

/**
 * Reads a lifecycle record once: decoded (a schema the registry cannot resolve gives UNUSABLE_SCHEMA, like on every
 * other topic), with the fields the model directory folds by (ids, time, the version it is about) and finite
 * baselines, or rejected with its reason and dead letter.
 */
final class LifecycleIntake {

    private final String application;
    private final Deserializer<ModelLifecycle> deserializer;

    LifecycleIntake(String application, Deserializer<ModelLifecycle> deserializer) {
        this.application = application;
        this.deserializer = deserializer;
    }

    Intake<ModelLifecycle> read(byte[] value) {
        Intake<ModelLifecycle> decoded = Intake.decode(value, v -> deserializer.deserialize(Topics.LIFECYCLE, v));
        if (!decoded.isAccepted()) {
            return decoded;
        }
        ModelLifecycle e = decoded.value();
        if (blank(e.getEventId()) || blank(e.getModelId())) {
            return Intake.rejected(new Rejection(Rejection.MISSING_FIELD, "a lifecycle event needs an eventId and a modelId"),
                    blank(e.getModelId()) ? null : e.getModelId().toString());
        }
        if (e.getEventTime() == null || e.getEventTime().toEpochMilli() <= 0) {
            return Intake.rejected(new Rejection(Rejection.MISSING_FIELD, "eventTime is not set"), e.getModelId().toString());
        }
        boolean rollback = e.getType() == LifecycleEventType.ROLLED_BACK;
        if (blank(rollback ? e.getFromVersion() : e.getToVersion())) {
            // A version without a name would sit in the model's history and break every later event of the model.
            return Intake.rejected(new Rejection(Rejection.MISSING_FIELD, "a " + e.getType() + " event needs a "
                    + (rollback ? "fromVersion" : "toVersion")), e.getModelId().toString());
        }
        if (e.getBaseline().values().stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
            return Intake.rejected(new Rejection(Rejection.NAN_VALUE, "baseline metrics must be finite: " + e.getBaseline()),
                    e.getModelId().toString());
        }
        return decoded;
    }

    /** The rejected record's dead letter, encoded to wait in the model directory's store. */
    byte[] letter(RecordMetadata meta, Record<String, byte[]> record, Intake<ModelLifecycle> rejected) {
        DeadLettered letter = DeadLetters.letter(application, meta, record, rejected.rejection(), rejected.modelId());
        try {
            ByteBuffer buffer = letter.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeadLettered letterOf(byte[] bytes) {
        try {
            return DeadLettered.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean blank(CharSequence s) {
        return s == null || s.toString().isBlank();
    }
}
