package io.shepherd.streams.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.contract.Topics;
import io.shepherd.events.PredictionServed;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.SchemaRegistryException;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.state.LiveObjectStore;
import io.shepherd.streams.validation.EventValidator;
import io.shepherd.streams.validation.FeatureValue;
import io.shepherd.streams.validation.Rejection;

/**
 * Consumes feature, prediction and reference records of the models on this task's partitions: decodes and validates
 * each (dead-lettering what fails), adds its values to the version's reference while that is being built and to the
 * pane of its event time, then lets {@link WindowCloser} score every window that stream time has closed.
 */
public final class DriftProcessor implements Processor<byte[], byte[], String, Object> {

    public static final String NAME = "drift-processor";
    public static final String PANES = "drift-panes";
    public static final String REFERENCES = "drift-references";
    public static final String PROGRESS = "drift-progress";

    private final DriftContext drift;
    private ProcessorContext<String, Object> context;
    private LiveObjectStore<FeatureSketches> panes;
    private LiveObjectStore<ReferenceState> references;
    private LiveObjectStore<VersionProgress> progress;
    private ModelDirectory directory;
    private DeadLetters deadLetters;
    private WindowCloser closer;
    /** Pane starts per version key, rebuilt from the store on start. */
    private final Map<String, TreeSet<Long>> openPanes = new HashMap<>();
    private long streamTime = VersionProgress.NONE;
    private FeaturesReader featuresReader;
    private final VersionKeys.Cache versionKeys = new VersionKeys.Cache();
    private AvroDeserializer<PredictionServed> predictionsDeserializer;

    public DriftProcessor(DriftContext drift) {
        this.drift = drift;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        panes = context.getStateStore(PANES);
        references = context.getStateStore(REFERENCES);
        progress = context.getStateStore(PROGRESS);
        directory = new ModelDirectory(context.getStateStore(ModelDirectory.STORE));
        deadLetters = new DeadLetters(drift.application(), context);
        featuresReader = drift.newFeaturesReader();
        predictionsDeserializer = drift.newPredictionsDeserializer();
        closer = new WindowCloser(drift, context, panes, references, progress, directory, openPanes);
        for (String key : panes.keysWithPrefix("")) {
            openPanes.computeIfAbsent(PaneKeys.versionOf(key), k -> new TreeSet<>()).add(PaneKeys.paneOf(key));
        }
        for (String key : progress.keysWithPrefix("")) {
            streamTime = Math.max(streamTime, progress.get(key).maxEventTime());
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(Topics.FEATURES);
        Observation observation;
        try {
            observation = decode(topic, record.value());
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                throw e;
            }
            deadLetters.send(record, new Rejection(e.reason(), e.getMessage()), null);
            return;
        } catch (RejectedException e) {
            deadLetters.send(record, e.rejection, e.modelId);
            return;
        }
        Optional<ModelHistory.VersionState> version = directory.version(observation.modelId(), observation.modelVersion());
        if (version.isEmpty()) {
            deadLetters.send(record, new Rejection(Rejection.UNKNOWN_MODEL, "no lifecycle event deploys " + observation.modelId()
                    + " version " + observation.modelVersion()), observation.modelId());
            return;
        }
        DriftSettings settings = drift.settings(observation.modelId());
        VersionKeys keys = versionKeys.of(observation);
        String key = keys.version();
        ReferenceState reference = references.getOrCreate(key, () -> References.create(observation, version.get(), settings));
        Optional<Rejection> rejection = EventValidator.checkKinds(observation.features(), f -> reference.sketches().kindOf(f));
        if (rejection.isPresent()) {
            countNonFinite(key, observation, settings);
            deadLetters.send(record, rejection.get(), observation.modelId());
            return;
        }
        if (!add(topic, keys, observation, reference, settings, record)) {
            return;
        }
        advance(key, observation.eventTime(), reference, settings);
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
            reference.add(observation.features());
            references.markDirty(key);
            return true;
        }
        if (settings.grid().isLate(observation.eventTime(), streamTime)) {
            deadLetters.send(record, new Rejection(Rejection.LATE, "event time " + observation.eventTime()
                    + " is past the grace of every window containing it (stream time " + streamTime + ")"), observation.modelId());
            return false;
        }
        if (reference.acceptsServed(observation.eventTime())) {
            reference.add(observation.features());
            references.markDirty(key);
        }
        String paneKey = keys.pane(settings.grid().paneStart(observation.eventTime()));
        pane(key, paneKey, observation.eventTime(), settings).add(observation.features(), reference::anchor);
        panes.markDirty(paneKey);
        return true;
    }

    private FeatureSketches pane(String versionKey, String paneKey, long eventTime, DriftSettings settings) {
        long start = settings.grid().paneStart(eventTime);
        if (openPanes.computeIfAbsent(versionKey, k -> new TreeSet<>()).add(start)) {
            closer.paneOpened(versionKey, start);
        }
        return panes.getOrCreate(paneKey, () -> new FeatureSketches(settings.compression(), settings.maxCategories()));
    }

    private void advance(String key, long eventTime, ReferenceState reference, DriftSettings settings) {
        VersionProgress current = progress.getOrCreate(key, VersionProgress::initial);
        if (eventTime > current.maxEventTime()) {
            progress.put(key, current.saw(eventTime));
        }
        streamTime = Math.max(streamTime, eventTime);
        // Written only when it changes: rewriting an unchanged reference at every commit was most of the changelog.
        if (reference.advance(streamTime, settings.minSamples())) {
            references.markDirty(key);
        }
        closer.closeUpTo(streamTime);
    }

    /** A record of a known version dead-lettered for a non-finite value still counts in its feature's NaN rate. */
    private void countNonFinite(String key, Observation observation, DriftSettings settings) {
        for (Map.Entry<String, Object> feature : observation.features().entrySet()) {
            if (FeatureValue.kindOf(feature.getValue()) == FeatureValue.NUMERIC && !Double.isFinite(((Number) feature.getValue()).doubleValue())
                    && !settings.grid().isLate(observation.eventTime(), streamTime)) {
                String paneKey = PaneKeys.of(key, settings.grid().paneStart(observation.eventTime()));
                pane(key, paneKey, observation.eventTime(), settings).addNonFinite(feature.getKey());
                panes.markDirty(paneKey);
            }
        }
    }

    private Observation decode(String topic, byte[] value) {
        if (value == null) {
            throw new RejectedException(new Rejection(Rejection.UNDECODABLE, "record has no value"), null);
        }
        if (topic.equals(Topics.PREDICTIONS)) {
            PredictionServed prediction = predictionsDeserializer.deserialize(topic, value);
            Optional<Rejection> rejection = EventValidator.check(prediction);
            if (rejection.isPresent()) {
                throw new RejectedException(rejection.get(), prediction.getModelId());
            }
            return Observation.of(prediction);
        }
        Observation features = featuresReader.read(topic, value);
        Optional<Rejection> rejection = EventValidator.checkIds(features.eventId(), features.modelId(), features.modelVersion(),
                features.eventTime());
        if (rejection.isPresent()) {
            throw new RejectedException(rejection.get(), features.modelId());
        }
        return features;
    }

    private static final class RejectedException extends RuntimeException {
        private final transient Rejection rejection;
        private final String modelId;

        RejectedException(Rejection rejection, String modelId) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
            this.modelId = modelId;
        }
    }
}
