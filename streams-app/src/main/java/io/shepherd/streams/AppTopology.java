package io.shepherd.streams;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.streams.Topology;

import io.shepherd.streams.drift.DriftContext;
import io.shepherd.streams.drift.DriftProcessor;
import io.shepherd.streams.drift.DriftSettings;
import io.shepherd.streams.drift.DriftTopology;
import io.shepherd.streams.health.HealthTopology;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.policytopic.PolicyRegistry;
import io.shepherd.streams.serving.ServingContext;
import io.shepherd.streams.serving.ServingProcessor;
import io.shepherd.streams.serving.ServingTopology;

/**
 * The whole streams app as one topology, a pure function of its inputs: drift, serving health and liveness read the
 * model-keyed input topics in one sub-topology, and every source's health changes meet in one health combiner, so a
 * model version has one level and one ModelHealthChanged stream.
 */
public final class AppTopology {

    private AppTopology() {
    }

    /**
     * @param wallClockCheck how often liveness looks at the wall clock for versions that went silent
     */
    public static Topology build(String application, Map<String, Object> serdeConfig, PolicyBook book, Duration wallClockCheck) {
        PolicyRegistry policies = new PolicyRegistry(book);
        Function<String, ModelPolicy> policy = policies.derive(Function.identity());
        Topology topology = new Topology();
        DriftTopology.addTo(topology, new DriftContext(application, serdeConfig, policies.derive(DriftSettings::of)), policies);
        ServingTopology.addTo(topology, new ServingContext(serdeConfig, policy, wallClockCheck), DriftTopology.PREDICTIONS_SOURCE);
        HealthTopology.addCombiner(topology, serdeConfig, DriftProcessor.NAME, ServingProcessor.NAME);
        return topology;
    }
}
