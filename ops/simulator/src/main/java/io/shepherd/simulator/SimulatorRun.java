package io.shepherd.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.shepherd.simulator.kafka.KafkaEventSink;
import io.shepherd.simulator.kafka.RollbackCommandListener;
import io.shepherd.simulator.model.ModelSpec;
import io.shepherd.simulator.scenario.Scenario;
import io.shepherd.simulator.scenario.Scenarios;

/** A running simulator on Kafka: the demo policies, the traffic ticking every 100 ms, and the rollback listener. */
public final class SimulatorRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorRun.class);
    static final long TICK_MS = 100;
    public static final String POLICY_RESOURCE = "/io/shepherd/simulator/demo-policy.json";

    private final KafkaEventSink sink;
    private final Simulator simulator;
    private final RollbackCommandListener listener;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulator-tick");
        t.setDaemon(true);
        return t;
    });

    private SimulatorRun(SimulatorConfig config, Consumer<String> news) {
        Scenario scenario = Scenarios.byName(config.scenario());
        String runId = UUID.randomUUID().toString().substring(0, 8);
        this.sink = new KafkaEventSink(config.bootstrapServers(), config.serdeConfig(), config.kafkaClient());
        this.simulator = new Simulator(scenario, sink, Clock.systemUTC(), config.seed(), runId, config.rollbackKey(), config.rateScale(), news);
        this.listener = new RollbackCommandListener(config.bootstrapServers(), config.serdeConfig(), "shepherd-simulator-" + runId,
                simulator::onRollbackCommand, config.kafkaClient());
    }

    public static SimulatorRun start(SimulatorConfig config, Consumer<String> news) throws Exception {
        SimulatorRun run = new SimulatorRun(config, news);
        if (config.publishPolicies()) {
            for (var policy : demoPolicies().entrySet()) {
                run.sink.publishPolicy(policy.getKey(), policy.getValue());
            }
        }
        run.listener.start();
        run.ticker.scheduleAtFixedRate(run::tickSafely, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return run;
    }

    /**
     * Model id to policy override (JSON) of every simulated model: 10 s windows, and 30 s for the regressor, whose
     * window MAE at 60 requests/s varies by about 4 % in 10 s, too close to the 5 % CRITICAL limit.
     */
    public static Map<String, String> demoPolicies() {
        try (InputStream in = SimulatorRun.class.getResourceAsStream(POLICY_RESOURCE)) {
            JsonNode all = new ObjectMapper().readTree(in);
            Map<String, String> policies = new LinkedHashMap<>();
            for (ModelSpec model : ModelSpec.FLEET) {
                policies.put(model.id(), all.required(model.id()).toString());
            }
            return policies;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + POLICY_RESOURCE, e);
        }
    }

    private void tickSafely() {
        try {
            simulator.tick();
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule (it would stop the traffic silently): log and go on.
            LOG.error("simulator tick failed", e);
        }
    }

    public Simulator simulator() {
        return simulator;
    }

    public long failedSends() {
        return sink.failed();
    }

    @Override
    public void close() throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        listener.close();
        sink.close();
    }
}
