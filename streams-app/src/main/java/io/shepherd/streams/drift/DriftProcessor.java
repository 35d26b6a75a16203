package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.contract.Topics;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.lifecycle.LifecycleDeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.state.StateBytes;
import io.shepherd.streams.window.InputClocks;
import io.shepherd.streams.window.VersionClock;
import io.shepherd.streams.window.WindowKernel;
import io.shepherd.streams.validation.Admitted;
import io.shepherd.streams.validation.EventValidator;
import io.shepherd.streams.validation.FeatureValue;
import io.shepherd.streams.validation.Intake;
import io.shepherd.streams.validation.Rejection;

/**
 * Consumes feature, prediction and reference records of the models on this task's partitions: features and predictions
 * as the version gate read them once ({@link Admitted}), reference rows decoded and validated here (dead-lettering what
 * fails); adds its values to the version's reference while that is being built and to the
 * pane of its event time, then lets {@link WindowCloser} score every window of the version that the version's own
 * event time has closed.
 */
public final class DriftProcessor implements Processor<Object, Object, String, Object> {

    public static final String NAME = "drift-processor";
    public static final String PANES = "drift-panes";
    public static final String REFERENCES = "drift-references";
    public static final String PROGRESS = "drift-progress";
    public static final String COMMIT = "drift-commit";
    /** Progress records kept decoded in the heap; all are in the store already. */
    private static final int MAX_LIVE_OBJECTS = 20_000;
    /** Versions whose reference and open panes are kept live (at 1,000 features, a few MB each). */
    private static final int MAX_LIVE_VERSIONS = 1_000;

    private final DriftContext drift;
    private ProcessorContext<String, Object> context;
    private DriftState state;
    private LiveObjects<VersionProgress> progress;
    private ModelDirectory directory;
    private DeadLetters deadLetters;
    private WindowCloser closer;
    /** Pane starts per version key, rebuilt from the store on start. */
    private final Map<String, TreeSet<Long>> openPanes = new HashMap<>();
    /** Each input's latest event time over every version here, rebuilt from the store on start. */
    private InputClocks taskInputs = new InputClocks(VersionProgress.INPUTS);
    /** Each version's inputs' latest event times (as in its progress record) and when they last sent, on the wall clock. */
    private final Map<String, InputClocks> versionInputs = new HashMap<>();
    private long nextSweep = VersionClock.NONE;
    private FeaturesReader featuresReader;
    private CommitHook hook;
    private final VersionKeys.Cache versionKeys = new VersionKeys.Cache();

    public DriftProcessor(DriftContext drift) {
        this.drift = drift;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        hook = CommitHook.of(context, COMMIT);
        state = new DriftState(context.getStateStore(PANES), context.getStateStore(REFERENCES), drift.foldEvery(), MAX_LIVE_VERSIONS,
                hook, StateBytes.of(context, NAME));
        progress = LiveObjects.of(context, PROGRESS, VersionProgress.CODEC, MAX_LIVE_OBJECTS, hook);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
        deadLetters = new DeadLetters(drift.application(), context);
        LifecycleDeadLetters.schedule(context, directory, deadLetters);
        featuresReader = drift.newFeaturesReader();
        closer = new WindowCloser(drift, context, state, progress, directory, openPanes);
        // A task revived after an error is initialized again: only the stores' committed state counts.
        openPanes.clear();
        openPanes.putAll(state.paneStarts());
        taskInputs = new InputClocks(VersionProgress.INPUTS);
        versionInputs.clear();
        nextSweep = VersionClock.NONE;
        long now = context.currentSystemTimeMs();
        for (String key : progress.keysWithPrefix("")) {
            VersionProgress p = progress.get(key);
            for (int input = 0; input < VersionProgress.INPUTS; input++) {
                taskInputs.restore(input, p.timeOf(input), now);
            }
        }
    }

    @Override
    public void close() {
        if (closer != null) {
            closer.close();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @Override
    public void process(Record<Object, Object> record) {
        if (record.value() instanceof Admitted admitted) {
            // Read once at the version gate, of a deployed version.
            observe(admitted.topic(), admitted.original(record), admitted.observation());
            return;
        }
        Record<byte[], byte[]> raw = new Record<>((byte[]) record.key(), (byte[]) record.value(), record.timestamp(), record.headers());
        Intake<Observation> intake = referenceRow(raw.value());
        if (!intake.isAccepted()) {
            deadLetters.send(raw, intake.rejection(), intake.modelId());
            return;
        }
        observe(Topics.REFERENCE, raw, intake.value());
    }

    private void observe(String topic, Record<byte[], byte[]> record, Observation observation) {
        ModelHistory.VersionState version = directory.version(observation.modelId(), observation.modelVersion()).orElseThrow();
        DriftSettings settings = drift.settings(observation.modelId());
        VersionKeys keys = versionKeys.of(observation);
        String key = keys.version();
        ReferenceState reference = state.referenceOrCreate(key, () -> References.create(observation, version, settings));
        Optional<Rejection> rejection = EventValidator.checkKinds(observation.features(), f -> reference.sketches().kindOf(f));
        if (rejection.isPresent()) {
            countNonFinite(key, topic, observation, settings);
            deadLetters.send(record, rejection.get(), observation.modelId());
            return;
        }
        if (!add(topic, keys, observation, reference, settings, record)) {
            return;
        }
        if (topic.equals(Topics.REFERENCE)) {
            // A reference row moves no clock (its event time is the reference's, long past); an explicit set may be complete now.
            state.advanceReference(key, clock(key, context.currentSystemTimeMs()), settings.minSamples());
            return;
        }
        advance(key, inputOf(topic), observation.eventTime(), settings);
    }

    /** The input of a served topic: {@link VersionProgress#FEATURES} or {@link VersionProgress#PREDICTIONS}. */
    private static int inputOf(String topic) {
        return topic.equals(Topics.FEATURES) ? VersionProgress.FEATURES : VersionProgress.PREDICTIONS;
    }

    private boolean add(String topic, VersionKeys keys, Observation observation, ReferenceState reference, DriftSettings settings,
                        Record<byte[], byte[]> record) {
        String key = keys.version();
        if (topic.equals(Topics.REFERENCE)) {
            if (!reference.acceptsReferenceRow()) {
                deadLetters.send(record, new Rejection(Rejection.WRONG_TYPE, "reference row for " + key
                        + " whose reference is " + reference.kind() + ", not an explicit set"), observation.modelId());
                return false;
            }
            state.observe(key, DriftChange.NO_PANE, true, observation.features());
            return true;
        }
        long now = context.currentSystemTimeMs();
        if (WindowKernel.isLate(settings.grid(), observation.eventTime(), lateClock(key, topic, now, settings))) {
            long inputTime = inputs(key, now).of(inputOf(topic));
            VersionProgress scored = progress.get(key);
            deadLetters.send(record, new Rejection(Rejection.LATE, "event time " + observation.eventTime()
                    + " is past the grace of every window containing it (the latest " + topic + " event time of " + key + " is "
                    + (inputTime == VersionClock.NONE ? "none yet" : inputTime) + "; the version's windows close at " + clock(key, now)
                    + ", the earliest time of its active inputs, or this partition's " + taskTime(now) + " less at most "
                    + drift.clock().maxLag() + "; its windows are scored up to " + (scored == null || scored.lastScoredWindowEnd()
                    == VersionProgress.NONE ? "none yet" : scored.lastScoredWindowEnd()) + ")"), observation.modelId());
            return false;
        }
        long pane = openPane(key, observation.eventTime(), settings);
        state.observe(key, pane, reference.acceptsServed(observation.eventTime()), observation.features());
        return true;
    }

    private long openPane(String versionKey, long eventTime, DriftSettings settings) {
        long start = settings.grid().paneStart(eventTime);
        if (openPanes.computeIfAbsent(versionKey, k -> new TreeSet<>()).add(start)) {
            closer.paneOpened(versionKey, start);
        }
        state.openPane(versionKey, start, () -> new FeatureSketches(settings.compression(), settings.maxCategories()));
        return start;
    }

    /**
     * Lateness, the reference period and window closing are judged on the version's own event time: a time moved on
     * by another model's events on this task (a backfill, a producer that lags), or by the version's other input, which
     * the task may have fetched further, must not make this version's events late.
     */
    private void advance(String key, int input, long eventTime, DriftSettings settings) {
        long now = context.currentSystemTimeMs();
        VersionProgress current = progress.getOrCreate(key, VersionProgress::initial);
        if (eventTime > current.timeOf(input)) {
            progress.put(key, current.saw(input, eventTime));
        }
        inputs(key, now).saw(input, eventTime, now);
        taskInputs.saw(input, eventTime, now);
        long clock = clock(key, now);
        state.advanceReference(key, clock, settings.minSamples());
        closer.closeUpTo(key, clock);
        long taskTime = taskTime(now);
        if (taskTime >= nextSweep) {
            // Versions that stopped sending close their windows once the partition is the largest lag past them.
            nextSweep = taskTime + VersionClock.SWEEP_EVERY_MS;
            closer.closeLagging(drift.clock().lagged(taskTime));
        }
    }

    /**
     * The version's inputs' times, restored from its progress record the first time the version is seen after a start.
     * An input the version has not sent yet is not waited for: many models send features only, or predictions only.
     */
    private InputClocks inputs(String key, long now) {
        InputClocks inputs = versionInputs.get(key);
        if (inputs == null) {
            inputs = new InputClocks(VersionProgress.INPUTS);
            VersionProgress p = progress.get(key);
            if (p != null) {
                for (int input = 0; input < VersionProgress.INPUTS; input++) {
                    inputs.restore(input, p.timeOf(input), now);
                }
            }
            versionInputs.put(key, inputs);
        }
        return inputs;
    }

    /** The task's time: the earliest of its active inputs' latest event times over all versions. */
    private long taskTime(long now) {
        return drift.clock().of(taskInputs, now);
    }

    /** The time the version's lateness and windows are judged on ({@link VersionClock}, {@link InputClocks}). */
    private long clock(String key, long now) {
        return Math.max(drift.clock().of(inputs(key, now), now), drift.clock().lagged(taskTime(now)));
    }

    /**
     * The time an event of the topic is judged late on: the version's clock, its own input's latest time (an input is
     * in order within itself up to the grace), and the end of the last scored window plus the grace (an input idle for
     * a while that sends again may be behind windows its version has scored meanwhile).
     */
    private long lateClock(String key, String topic, long now, DriftSettings settings) {
        long late = clock(key, now);
        if (!topic.equals(Topics.REFERENCE)) {
            late = Math.max(late, inputs(key, now).of(inputOf(topic)));
        }
        VersionProgress scored = progress.get(key);
        if (scored != null && scored.lastScoredWindowEnd() != VersionProgress.NONE) {
            late = Math.max(late, scored.lastScoredWindowEnd() + settings.grid().graceMs());
        }
        return late;
    }

    /** A record of a known version dead-lettered for a non-finite value still counts in its feature's NaN rate. */
    private void countNonFinite(String key, String topic, Observation observation, DriftSettings settings) {
        if (WindowKernel.isLate(settings.grid(), observation.eventTime(), lateClock(key, topic, context.currentSystemTimeMs(), settings))) {
            return;
        }
        List<String> nonFinite = new ArrayList<>();
        for (Map.Entry<String, Object> feature : observation.features().entrySet()) {
            if (FeatureValue.kindOf(feature.getValue()) == FeatureValue.NUMERIC && !Double.isFinite(((Number) feature.getValue()).doubleValue())) {
                nonFinite.add(feature.getKey());
            }
        }
        if (!nonFinite.isEmpty()) {
            state.countNonFinite(key, openPane(key, observation.eventTime(), settings), nonFinite);
        }
    }

    /** A row of the reference topic, which does not pass the version gate: decoded and checked here. */
    private Intake<Observation> referenceRow(byte[] value) {
        Intake<Observation> decoded = Intake.decode(value, v -> featuresReader.read(Topics.REFERENCE, v));
        if (!decoded.isAccepted()) {
            return decoded;
        }
        Observation o = decoded.value();
        Optional<Rejection> rejection = EventValidator.checkIds(o.eventId(), o.modelId(), o.modelVersion(), o.eventTime());
        if (rejection.isPresent()) {
            return Intake.rejected(rejection.get(), o.modelId());
        }
        if (directory.version(o.modelId(), o.modelVersion()).isEmpty()) {
            return Intake.rejected(Rejection.unknownVersion(o.modelId(), o.modelVersion()), o.modelId());
        }
        return decoded;
    }
}
