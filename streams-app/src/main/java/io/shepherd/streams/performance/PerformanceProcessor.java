package io.shepherd.streams.performance;

import java.util.Optional;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.contract.Topics;
import io.shepherd.events.ModelTask;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.ExpiringValues;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.state.TimeKeys;
import io.shepherd.streams.validation.Admitted;
import io.shepherd.streams.validation.Rejection;

/**
 * Joins delayed ground truth to the predictions it belongs to and counts both in the window of the prediction's
 * event time, never of the label's arrival. Predictions (keyed by model id) wait in a key-value store whose entries
 * expire after the label delay ({@link ExpiringValues}), so the join state stays bounded; outcomes arrive re-keyed by
 * model id, so both sides of a model meet on one task. An outcome that comes before its prediction waits a day for it.
 * Each joined label also feeds the version's label-by-label decision ({@link SequentialPerformance}, through
 * {@link WindowPublisher}), which then restates, judges and expires the windows as stream time passes.
 */
public final class PerformanceProcessor implements Processor<Object, Object, String, Object> {

    public static final String NAME = "performance-processor";
    /** Key-value stores, not window stores: see {@link ExpiringValues} for why. */
    public static final String PENDING = "performance-waiting-predictions";
    public static final String EARLY = "performance-waiting-outcomes";
    public static final String WINDOWS = "performance-windows";
    public static final String BASELINES = "performance-baselines";
    public static final String PROGRESS = "performance-progress";
    public static final String COMMIT = "performance-commit";
    public static final String SCORES_SINK = "performance-sink";
    public static final String CHALLENGER_SINK = "challenger-verdicts-sink";
    public static final String DEAD_LETTERS_SINK = "performance-dead-letters-sink";
    /** Objects kept decoded in the heap per store; all are in the store already. */
    private static final int MAX_LIVE_OBJECTS = 20_000;

    private final PerformanceContext performance;
    private ProcessorContext<String, Object> context;
    private ExpiringValues pending;
    private ExpiringValues early;
    private LiveObjects<PerformanceWindow> windows;
    private LiveObjects<PerformanceWindow> baselines;
    private LiveObjects<PerformanceProgress> progress;
    private CommitHook hook;
    private ModelDirectory directory;
    private DeadLetters deadLetters;
    private WindowPublisher publisher;
    private AvroDeserializer<OutcomeObserved> outcomes;
    private Sensor labelsAfterExpiry;

    public PerformanceProcessor(PerformanceContext performance) {
        this.performance = performance;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        // Waiting predictions expire on the labels' time as well as the predictions' (WindowPublisher.joinTime).
        pending = new ExpiringValues(context.getStateStore(PENDING), performance.joinRetention(), false);
        early = new ExpiringValues(context.getStateStore(EARLY), PerformanceTopology.EARLY_OUTCOME_WAIT);
        hook = CommitHook.of(context, COMMIT);
        windows = LiveObjects.of(context, WINDOWS, PerformanceWindow.CODEC, MAX_LIVE_OBJECTS, hook);
        baselines = LiveObjects.of(context, BASELINES, PerformanceWindow.CODEC, MAX_LIVE_OBJECTS, hook);
        progress = LiveObjects.of(context, PROGRESS, PerformanceProgress.CODEC, MAX_LIVE_OBJECTS, hook);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
        deadLetters = new DeadLetters(performance.application(), context, DEAD_LETTERS_SINK);
        outcomes = performance.newOutcomesDeserializer();
        publisher = new WindowPublisher(performance, context, windows, baselines, progress, directory);
        context.schedule(performance.tick(), PunctuationType.WALL_CLOCK_TIME, now -> publisher.tick());
        labelsAfterExpiry = context.metrics().addRateTotalSensor("shepherd-performance", "all", "labels-after-expiry",
                Sensor.RecordingLevel.INFO, "task-id", context.taskId().toString());
    }

    @Override
    public void close() {
        if (hook != null) {
            hook.close();
        }
    }

    @Override
    public void process(Record<Object, Object> record) {
        if (record.value() instanceof Admitted admitted) {
            // Read once, valid and of a deployed version: the version gate dead-lettered or held the others.
            PredictionServed p = admitted.prediction();
            served(p, directory.version(p.getModelId(), p.getModelVersion()).orElseThrow());
        } else {
            outcome(record.withValue((byte[]) record.value()));
        }
        pending.advanceTo(publisher.joinTime());
    }

    private void served(PredictionServed p, ModelHistory.VersionState version) {
        if (p.getStatus() != ServingStatus.OK) {
            return;
        }
        String modelId = p.getModelId();
        String key = modelId + "|" + p.getModelVersion();
        long time = p.getEventTime().toEpochMilli();
        ModelPolicy policy = performance.policies().apply(modelId);
        long size = policy.windowSize().toMillis();
        long start = Math.floorDiv(time, size) * size;
        if (publisher.isExpired(key, start + size)) {
            return;
        }
        PerformanceProgress prog = progress.getOrCreate(key, PerformanceProgress::initial);
        boolean inReference = References.contains(version, policy.reference(), time, prog.referenceServed());
        Double score = p.getPrediction().getScore();
        PendingPrediction waiting = new PendingPrediction(p.getModelVersion(), Variant.valueOf(version.variant()), time, start,
                p.getPrediction().getLabel(), score == null ? Double.NaN : score, p.getPrediction().getProbabilities(), inReference);
        String windowKey = TimeKeys.of(key, start);
        windows.getOrCreate(windowKey, () -> new PerformanceWindow(waiting.variant())).served(waiting, p.getLatencyMs());
        windows.markDirty(windowKey);
        publisher.opened(key, start);
        if (inReference) {
            baselines.getOrCreate(key, () -> new PerformanceWindow(waiting.variant())).served(waiting, p.getLatencyMs());
            baselines.markDirty(key);
            progress.put(key, prog.servedInReference());
        }
        Optional<byte[]> earlyOutcome = early.take(p.getRequestId());
        if (earlyOutcome.isPresent()) {
            join(modelId, waiting, outcomes.deserialize(Topics.OUTCOMES, earlyOutcome.get()).getGroundTruth());
        } else {
            pending.put(p.getRequestId(), waiting.toBytes(), time);
        }
        publisher.advance(key, time);
    }

    private void outcome(Record<Object, byte[]> record) {
        OutcomeObserved outcome = outcomes.deserialize(Topics.OUTCOMES, record.value());
        long time = outcome.getEventTime().toEpochMilli();
        publisher.labelArrived(time);
        Optional<byte[]> waiting = pending.take(outcome.getRequestId());
        if (waiting.isEmpty()) {
            // Its prediction's version is not known yet: the label moves no clock until it is joined.
            early.put(outcome.getRequestId(), record.value(), time);
            return;
        }
        PendingPrediction prediction = PendingPrediction.fromBytes(waiting.get());
        if (!join(outcome.getModelId(), prediction, outcome.getGroundTruth())) {
            deadLetters.send(record.withKey((byte[]) null), new Rejection(Rejection.WRONG_TYPE, "ground truth " + outcome.getGroundTruth()
                    + " does not fit the prediction of request " + outcome.getRequestId()), outcome.getModelId());
        }
        publisher.advance(outcome.getModelId() + "|" + prediction.modelVersion(), time);
    }

    /** Counts a label in its prediction's window (and in the baseline); false when its type does not fit. */
    private boolean join(String modelId, PendingPrediction p, Object truth) {
        String key = modelId + "|" + p.modelVersion();
        PerformanceWindow window = windows.get(TimeKeys.of(key, p.windowStart()));
        if (window == null) {
            labelsAfterExpiry.record();
            return true;
        }
        if (!window.labelled(p, truth)) {
            return false;
        }
        windows.markDirty(TimeKeys.of(key, p.windowStart()));
        if (p.inReference()) {
            PerformanceWindow baseline = baselines.get(key);
            if (baseline != null && baseline.labelled(p, truth)) {
                baselines.markDirty(key);
            }
        } else if (p.label() != null) {
            publisher.labelled(key, modelId, p, p.label().equals(truth.toString()) ? 0 : 1, ModelTask.CLASSIFICATION);
        } else {
            // A regressor's label fitted the window above: a finite number, as its prediction's score.
            publisher.labelled(key, modelId, p, Math.abs(p.score() - (Double) truth), ModelTask.REGRESSION);
        }
        return true;
    }
}
