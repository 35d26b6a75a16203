package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import io.shepherd.contract.Topics;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.streams.deadletter.DeadLetters;
import io.shepherd.streams.health.HealthTopology;
import io.shepherd.streams.lifecycle.LifecycleDeadLetters;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.pending.VersionGate;
import io.shepherd.streams.policytopic.PolicyRegistry;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;

/**
 * The drift engine as a topology, a pure function of its context: features, predictions and reference rows of a
 * model (the input topics are keyed by model id and co-partitioned) go through one {@link DriftProcessor} with three
 * live stores (features and predictions through the {@link VersionGate}, which holds those of versions not deployed
 * yet); the lifecycle topic feeds a global model directory (whose rejected records the drift processor's
 * partition-0 task dead-letters, {@link LifecycleDeadLetters}); scores and dead letters go out, health changes go
 * through the {@link io.shepherd.streams.health.HealthCombiner}.
 */
public final class DriftTopology {

    public static final String FEATURES_SOURCE = "features-source";
    public static final String PREDICTIONS_SOURCE = "predictions-source";
    public static final String REFERENCE_SOURCE = "reference-source";

    private DriftTopology() {
    }

    /**
     * @param policies fed from the compacted policy topic; the drift context's settings should be derived from it
     */
    public static Topology build(DriftContext drift, PolicyRegistry policies) {
        return build(drift, policies, PendingSettings.DEFAULTS);
    }

    /** @param pending how long and how many records of versions not deployed yet wait for their DEPLOYED event */
    public static Topology build(DriftContext drift, PolicyRegistry policies, PendingSettings pending) {
        Topology topology = new Topology();
        addTo(topology, drift, policies, pending, List.of());
        HealthTopology.addCombiner(topology, drift.serdeConfig(), DriftProcessor.NAME);
        return topology;
    }

    /**
     * Adds the drift engine to a topology without the {@link io.shepherd.streams.health.HealthCombiner} its health
     * changes go to, for an app that combines drift with other sources of health.
     *
     * @param otherPredictionReaders processors besides drift that read predictions, to be added as children of the
     *                               {@link VersionGate} (which releases held predictions to drift and to them)
     */
    public static void addTo(Topology topology, DriftContext drift, PolicyRegistry policies, PendingSettings pending,
                             List<String> otherPredictionReaders) {
        consume(topology);
        addGate(topology, drift, pending, otherPredictionReaders);
        topology.addProcessor(DriftProcessor.NAME, () -> new DriftProcessor(drift), VersionGate.NAME, REFERENCE_SOURCE);
        addStores(topology);
        addModelDirectory(topology, drift.application(), drift.serdeConfig());
        topology.addStateStore(LifecycleDeadLetters.storeBuilder(), DriftProcessor.NAME);
        topology.addGlobalStore(PolicyRegistry.storeBuilder(), PolicyRegistry.SOURCE, new StringDeserializer(), new StringDeserializer(),
                Topics.POLICIES, PolicyRegistry.UPDATER, () -> new PolicyRegistry.Updater(policies));
        publish(topology, drift.serdeConfig());
    }

    private static void consume(Topology topology) {
        // Bytes in: each processor decodes itself, so an undecodable record can be dead-lettered whole.
        topology.addSource(FEATURES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.FEATURES);
        topology.addSource(PREDICTIONS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.PREDICTIONS);
        topology.addSource(REFERENCE_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.REFERENCE);
    }

    /** Features and predictions of versions not deployed yet wait at the gate; reference rows do not pass it. */
    private static void addGate(Topology topology, DriftContext drift, PendingSettings pending, List<String> otherPredictionReaders) {
        List<String> predictionReaders = new ArrayList<>(List.of(DriftProcessor.NAME));
        predictionReaders.addAll(otherPredictionReaders);
        Map<String, List<String>> readers = Map.of(Topics.FEATURES, List.of(DriftProcessor.NAME), Topics.PREDICTIONS,
                List.copyOf(predictionReaders));
        topology.addProcessor(VersionGate.NAME, () -> new VersionGate(drift.application(), pending, drift::newEdgeReader, readers),
                FEATURES_SOURCE, PREDICTIONS_SOURCE);
        topology.addStateStore(VersionGate.storeBuilder(), VersionGate.NAME);
    }

    private static void addStores(Topology topology) {
        topology.addStateStore(LiveObjects.storeBuilder(DriftProcessor.PANES), DriftProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(DriftProcessor.REFERENCES), DriftProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(DriftProcessor.PROGRESS), DriftProcessor.NAME);
        topology.addStateStore(CommitHook.storeBuilder(DriftProcessor.COMMIT), DriftProcessor.NAME);
    }

    private static void addModelDirectory(Topology topology, String application, Map<String, Object> serdeConfig) {
        topology.addGlobalStore(ModelDirectory.storeBuilder(), ModelDirectory.SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topics.LIFECYCLE, ModelDirectory.UPDATER, () -> {
                    AvroDeserializer<ModelLifecycle> lifecycle = new AvroDeserializer<>(ModelLifecycle.class);
                    lifecycle.configure(serdeConfig, false);
                    return new ModelDirectory.Updater(application, lifecycle);
                });
    }

    private static void publish(Topology topology, Map<String, Object> serdeConfig) {
        topology.addSink(WindowCloser.SCORES_SINK, Topics.DRIFT_SCORES, new StringSerializer(), values(serdeConfig), DriftProcessor.NAME);
        topology.addSink(WindowCloser.RETRAINING_SINK, Topics.RETRAINING_REQUESTS, new StringSerializer(), values(serdeConfig),
                DriftProcessor.NAME);
        topology.addSink(DeadLetters.SINK, Topics.DEAD_LETTERS, new StringSerializer(), values(serdeConfig), DriftProcessor.NAME,
                VersionGate.NAME);
    }

    private static AvroSerializer<Object> values(Map<String, Object> serdeConfig) {
        return HealthTopology.values(serdeConfig);
    }
}
