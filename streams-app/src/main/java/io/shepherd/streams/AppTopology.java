package io.shepherd.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

import io.shepherd.streams.drift.DriftContext;
import io.shepherd.streams.drift.DriftProcessor;
import io.shepherd.streams.drift.DriftSettings;
import io.shepherd.streams.drift.DriftTopology;
import io.shepherd.streams.health.HealthTopology;
import io.shepherd.streams.performance.PerformanceContext;
import io.shepherd.streams.performance.PerformanceProcessor;
import io.shepherd.streams.performance.PerformanceTopology;
import io.shepherd.streams.pending.PendingSettings;
import io.shepherd.streams.pending.VersionGate;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.policytopic.PolicyRegistry;
import io.shepherd.streams.serving.ServingContext;
import io.shepherd.streams.serving.ServingProcessor;
import io.shepherd.streams.serving.ServingTopology;
import io.shepherd.streams.window.VersionClock;

/**
 * The whole streams app as one topology, a pure function of its inputs: drift, serving health and liveness read the
 * model-keyed input topics in one sub-topology (behind one {@link VersionGate}, so a prediction of a version not
 * deployed yet is held once and released to all three), and every source's health changes meet in one health combiner, so a
 * model version has one level and one ModelHealthChanged stream.
 */
public final class AppTopology {

    /** Performance windows are restated, judged and expired once per 10 s of stream time and of wall-clock time. */
    static final Duration TICK = Duration.ofSeconds(10);

    private AppTopology() {
    }

    /** The join keeps predictions for the longest label delay of the policies known at start. */
    static Duration longestLabelDelay(PolicyBook book) {
        Duration longest = book.defaults().performance().labelDelay();
        for (String model : book.modelsWithOverrides()) {
            Duration delay = book.forModel(model).performance().labelDelay();
            longest = delay.compareTo(longest) > 0 ? delay : longest;
        }
        return longest;
    }

    /**
     * @param wallClockCheck how often liveness looks at the wall clock for versions that went silent
     */
    public static Topology build(String application, Map<String, Object> serdeConfig, PolicyBook book, Duration wallClockCheck) {
        return build(application, serdeConfig, book, wallClockCheck, PendingSettings.DEFAULTS);
    }

    /**
     * @param pending how long and how many records of versions not deployed yet wait for their DEPLOYED event
     */
    public static Topology build(String application, Map<String, Object> serdeConfig, PolicyBook book, Duration wallClockCheck,
                                 PendingSettings pending) {
        return build(application, serdeConfig, book, wallClockCheck, pending, VersionClock.DEFAULT);
    }

    /**
     * @param clock how far a model version's event time may fall behind its partition's before its windows close anyway
     */
    public static Topology build(String application, Map<String, Object> serdeConfig, PolicyBook book, Duration wallClockCheck,
                                 PendingSettings pending, VersionClock clock) {
        PolicyRegistry policies = new PolicyRegistry(book);
        Function<String, ModelPolicy> policy = policies.derive(Function.identity());
        PerformanceContext performance = new PerformanceContext(application, serdeConfig, policy, longestLabelDelay(book), TICK, clock);
        StreamsBuilder builder = new StreamsBuilder();
        PerformanceTopology.addOutcomes(builder, performance);
        Topology topology = builder.build();
        DriftTopology.addTo(topology, new DriftContext(application, serdeConfig, policies.derive(DriftSettings::of),
                policies.derive(ModelPolicy::retrainAfterDriftingWindows), clock), policies, pending,
                List.of(ServingProcessor.NAME, PerformanceProcessor.NAME));
        ServingTopology.addTo(topology, new ServingContext(serdeConfig, policy, wallClockCheck, clock), VersionGate.NAME);
        PerformanceTopology.addTo(topology, performance, VersionGate.NAME);
        HealthTopology.addCombiner(topology, serdeConfig, DriftProcessor.NAME, ServingProcessor.NAME, PerformanceProcessor.NAME);
        return topology;
    }
}
