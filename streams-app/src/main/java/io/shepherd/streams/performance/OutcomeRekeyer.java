package io.shepherd.streams.performance;

import java.util.Optional;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.contract.Topics;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.validation.Rejection;

/**
 * Checks each outcome (keyed by request id on its topic) and re-keys it by model id, so it can meet its prediction on
 * the task that owns the model. An outcome that cannot be decoded, lacks a field, holds a NaN, or names a model no
 * lifecycle event deploys goes to the dead-letter topic with the reason; its bytes are passed on unchanged otherwise.
 */
public final class OutcomeRekeyer implements Processor<byte[], byte[], String, Object> {

    public static final String NAME = "outcomes-rekey";

    private final PerformanceContext performance;
    private ProcessorContext<String, Object> context;
    private AvroDeserializer<OutcomeObserved> deserializer;
    private DeadLetters deadLetters;
    private ModelDirectory directory;

    public OutcomeRekeyer(PerformanceContext performance) {
        this.performance = performance;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        deserializer = performance.newOutcomesDeserializer();
        deadLetters = new DeadLetters(performance.application(), context, null);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Intake<OutcomeObserved> decoded = Intake.decode(record.value(), v -> deserializer.deserialize(Topics.OUTCOMES, v));
        if (!decoded.isAccepted()) {
            deadLetters.send(record, decoded.rejection(), null);
            return;
        }
        OutcomeObserved outcome = decoded.value();
        Optional<Rejection> rejection = check(outcome);
        if (rejection.isPresent()) {
            deadLetters.send(record, rejection.get(), outcome.getModelId());
            return;
        }
        context.forward(record.<String>withKey(outcome.getModelId()).withValue((Object) record.value()));
    }

    private Optional<Rejection> check(OutcomeObserved o) {
        if (blank(o.getEventId()) || blank(o.getRequestId()) || blank(o.getModelId())) {
            return Optional.of(new Rejection(Rejection.MISSING_FIELD, "an outcome needs an eventId, a requestId and a modelId"));
        }
        if (o.getEventTime() == null || o.getEventTime().toEpochMilli() <= 0) {
            return Optional.of(new Rejection(Rejection.MISSING_FIELD, "eventTime is not set"));
        }
        Object truth = o.getGroundTruth();
        if (truth instanceof Double d && !Double.isFinite(d)) {
            return Optional.of(new Rejection(Rejection.NAN_VALUE, "groundTruth is " + d));
        }
        if (truth instanceof CharSequence s && s.toString().isBlank()) {
            return Optional.of(new Rejection(Rejection.MISSING_FIELD, "groundTruth is an empty label"));
        }
        if (directory.model(o.getModelId()).isEmpty()) {
            return Optional.of(new Rejection(Rejection.UNKNOWN_MODEL, "no lifecycle event deploys " + o.getModelId()));
        }
        return Optional.empty();
    }

    private static boolean blank(CharSequence s) {
        return s == null || s.toString().isBlank();
    }
}
