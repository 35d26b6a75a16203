package io.shepherd.streams.health;

import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import io.shepherd.contract.Topics;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.LiveObjects;

/** Wires the {@link HealthCombiner} after the processors whose health changes it combines, and its sink. */
public final class HealthTopology {

    private HealthTopology() {
    }

    /** @param sources the processors forwarding {@link SourcedChange}s; they must share one sub-topology */
    public static void addCombiner(Topology topology, Map<String, Object> serdeConfig, String... sources) {
        topology.addProcessor(HealthCombiner.NAME, HealthCombiner::new, sources);
        topology.addStateStore(LiveObjects.storeBuilder(HealthCombiner.STORE), HealthCombiner.NAME);
        topology.addStateStore(CommitHook.storeBuilder(HealthCombiner.COMMIT), HealthCombiner.NAME);
        topology.addSink(HealthCombiner.SINK, Topics.MODEL_HEALTH, new StringSerializer(), values(serdeConfig), HealthCombiner.NAME);
    }

    /** Avro values in the Confluent wire format, any event type. */
    public static AvroSerializer<Object> values(Map<String, Object> serdeConfig) {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        return serializer;
    }
}
