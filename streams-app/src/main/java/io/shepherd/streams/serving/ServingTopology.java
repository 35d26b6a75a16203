package io.shepherd.streams.serving;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import io.shepherd.contract.Topics;
import io.shepherd.streams.health.HealthTopology;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;

/** Adds serving health and liveness to a topology that already has the predictions source and the model directory. */
public final class ServingTopology {

    private ServingTopology() {
    }

    public static void addTo(Topology topology, ServingContext serving, String predictionsSource) {
        topology.addProcessor(ServingProcessor.NAME, () -> new ServingProcessor(serving), predictionsSource);
        topology.addStateStore(LiveObjects.storeBuilder(ServingProcessor.WINDOWS), ServingProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(ServingProcessor.PROGRESS), ServingProcessor.NAME);
        topology.addStateStore(CommitHook.storeBuilder(ServingProcessor.COMMIT), ServingProcessor.NAME);
        topology.addSink(ServingProcessor.SINK, Topics.SERVING_HEALTH, new StringSerializer(),
                HealthTopology.values(serving.serdeConfig()), ServingProcessor.NAME);
    }
}
