package io.shepherd.simulator;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

import io.shepherd.config.Settings;
import io.shepherd.simulator.scenario.Scenarios;

/**
 * Runs the simulator alone against a running Shepherd (for example the stack of {@code ops/run --stack-only} with
 * {@code ops/streams} and {@code ops/alert-router}) until Ctrl-C. Settings: {@link SimulatorConfig}.
 */
public final class SimulatorMain {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.out.println("usage: ops/simulate   (settings from SHEPHERD_* env, see SimulatorConfig; scenarios: " + Scenarios.names() + ")");
            return;
        }
        SimulatorConfig config;
        try {
            config = SimulatorConfig.from(Settings.fromEnvironment(SimulatorConfig.SETTINGS));
            Scenarios.byName(config.scenario());
        } catch (RuntimeException e) {
            System.err.println("ops/simulate: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("simulating " + config);
        SimulatorRun run = SimulatorRun.start(config, line -> System.out.println(LocalTime.now().format(CLOCK) + "  " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println(run.simulator().requestsSent() + " requests sent");
            stopped.countDown();
        }, "stop-simulator"));
        stopped.await();
    }
}
