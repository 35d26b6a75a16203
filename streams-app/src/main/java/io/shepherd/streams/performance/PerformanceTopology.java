package io.shepherd.streams.performance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerializer;
import io.shepherd.streams.health.HealthTopology;
import io.shepherd.streams.state.CommitHook;
import io.shepherd.streams.state.ExpiringValues;
import io.shepherd.streams.state.LiveObjects;

/**
 * Performance against delayed labels, in two parts: outcomes are checked and re-keyed by model id through an
 * internal repartition topic (the DSL part, so Kafka Streams creates and sizes that topic), then the performance
 * processor joins them with the predictions of the same task.
 */
public final class PerformanceTopology {

    public static final String OUTCOMES_SOURCE = "outcomes-source";
    public static final String OUTCOMES_BY_MODEL = "outcomes-by-model";
    /** The source node Kafka Streams names after the repartition topic. */
    public static final String OUTCOMES_BY_MODEL_SOURCE = OUTCOMES_BY_MODEL + "-repartition-source";
    /** An outcome that arrives before its prediction waits this long for it. */
    static final java.time.Duration EARLY_OUTCOME_WAIT = java.time.Duration.ofDays(1);

    private PerformanceTopology() {
    }

    /** The DSL part: outcomes checked, dead letters out, the rest re-keyed by model id. */
    public static void addOutcomes(StreamsBuilder builder, PerformanceContext performance) {
        KStream<String, Object> checked = builder.stream(Topics.OUTCOMES,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(OUTCOMES_SOURCE))
                .process(() -> new OutcomeRekeyer(performance), Named.as(OutcomeRekeyer.NAME));
        checked.filter((k, v) -> v instanceof DeadLettered, Named.as("outcomes-rejected"))
                .to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), Serdes.serdeFrom(HealthTopology.values(performance.serdeConfig()),
                        new AvroDeserializer<>())).withName("outcomes-dead-letters-sink"));
        checked.filter((k, v) -> v instanceof byte[], Named.as("outcomes-accepted"))
                .mapValues(v -> (byte[]) v, Named.as("outcomes-bytes"))
                .repartition(Repartitioned.<String, byte[]>as(OUTCOMES_BY_MODEL).withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()));
    }

    /** The processor part, on a topology that has the predictions source and the model directory. */
    public static void addTo(Topology topology, PerformanceContext performance, String predictionsSource) {
        topology.addProcessor(PerformanceProcessor.NAME, () -> new PerformanceProcessor(performance), predictionsSource,
                OUTCOMES_BY_MODEL_SOURCE);
        topology.addStateStore(ExpiringValues.storeBuilder(PerformanceProcessor.PENDING), PerformanceProcessor.NAME);
        topology.addStateStore(ExpiringValues.storeBuilder(PerformanceProcessor.EARLY), PerformanceProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(PerformanceProcessor.WINDOWS), PerformanceProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(PerformanceProcessor.BASELINES), PerformanceProcessor.NAME);
        topology.addStateStore(LiveObjects.storeBuilder(PerformanceProcessor.PROGRESS), PerformanceProcessor.NAME);
        topology.addStateStore(CommitHook.storeBuilder(PerformanceProcessor.COMMIT), PerformanceProcessor.NAME);
        AvroSerializer<Object> values = HealthTopology.values(performance.serdeConfig());
        topology.addSink(PerformanceProcessor.SCORES_SINK, Topics.PERFORMANCE, new StringSerializer(), values, PerformanceProcessor.NAME);
        topology.addSink(PerformanceProcessor.CHALLENGER_SINK, Topics.CHALLENGER_VERDICTS, new StringSerializer(), values,
                PerformanceProcessor.NAME);
        topology.addSink(PerformanceProcessor.DEAD_LETTERS_SINK, Topics.DEAD_LETTERS, new StringSerializer(), values,
                PerformanceProcessor.NAME);
    }
}
