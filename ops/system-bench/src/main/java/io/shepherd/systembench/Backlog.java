package io.shepherd.systembench;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.shepherd.simulator.Simulator;
import io.shepherd.simulator.SteppedClock;
import io.shepherd.simulator.SimulatorRun;
import io.shepherd.simulator.kafka.KafkaEventSink;
import io.shepherd.simulator.scenario.Scenarios;

/**
 * The whole-system benchmark's input: the simulated fleet running the demo scenario (drift, accuracy decay, EMERGENCY
 * of fraud-scorer v2) over {@code span} of event time ending now, produced ahead, as fast as the broker takes it, by the
 * simulator itself on a clock it steps in its 100 ms ticks. With the demo policies, so Shepherd's output (scores, health
 * changes, alerts, pages, rollback commands, documents) is what a real run of the fleet makes.
 */
final class Backlog {

    /** What was produced. */
    record Produced(long requests, Instant first, Instant last, double seconds) {
    }

    private Backlog() {
    }

    static Produced produce(String bootstrap, String registryUrl, Duration span, double rateScale, long seed) throws Exception {
        long started = System.nanoTime();
        Instant end = Instant.now();
        SteppedClock clock = new SteppedClock(end.minus(span));
        Instant first = clock.instant();
        try (KafkaEventSink sink = new KafkaEventSink(bootstrap, registryUrl)) {
            for (var policy : SimulatorRun.demoPolicies().entrySet()) {
                sink.publishPolicy(policy.getKey(), policy.getValue());
            }
            // No rollback key: nobody acts on the router's commands while the system works through the backlog.
            Simulator simulator = new Simulator(Scenarios.byName(Scenarios.DEMO), sink, clock, seed, "backlog", Optional.empty(), rateScale,
                    line -> { });
            while (clock.instant().isBefore(end)) {
                clock.advance(Duration.ofMillis(100));
                simulator.tick();
            }
            sink.flush();
            if (sink.failed() > 0) {
                throw new IllegalStateException(sink.failed() + " backlog events could not be sent");
            }
            return new Produced(simulator.requestsSent(), first, clock.instant(), (System.nanoTime() - started) / 1e9);
        }
    }
}
