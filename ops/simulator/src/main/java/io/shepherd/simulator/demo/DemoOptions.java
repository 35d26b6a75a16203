package io.shepherd.simulator.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.simulator.scenario.Scenarios;

/**
 * What {@code ops/run} was asked for: the scenario, whether to keep the stack up after it, how long to wait for it,
 * and the classpaths of the services it starts (files written by the build).
 *
 * @param services name -> classpath of each service found (streams, alert-router, projections when present)
 */
public record DemoOptions(String scenario, boolean keepRunning, Duration timeout, Path reportDir, Map<String, String> services, Jvm jvm) {

    /** How the services' JVMs run: quick to start (the demo), or with the full JIT compiler (benchmarks). */
    public enum Jvm { FAST_START, FULL }

    static final String USAGE = "usage: ops/run [--scenario NAME] [--keep-running] | ops/run --stack-only [--exit-after-start]\n"
            + "  scenarios: " + Scenarios.names() + "\n"
            + "  environment: SHEPHERD_DEMO_TIMEOUT (ISO-8601, default PT8M), SHEPHERD_SLACK_WEBHOOK_URL, SHEPHERD_PAGERDUTY_ROUTING_KEY,\n"
            + "  SHEPHERD_ROLLBACK_HMAC_KEY, SHEPHERD_DATA_DIR and the ports of the local stack (see LocalStackMain)";

    public static DemoOptions parse(List<String> args, Map<String, String> env, Path reportDir, Map<String, String> services) {
        String scenario = Optional.ofNullable(env.get("SHEPHERD_SIMULATOR_SCENARIO")).filter(s -> !s.isBlank()).orElse(Scenarios.DEMO);
        boolean keep = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--scenario" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--scenario needs a name\n" + USAGE);
                    }
                    scenario = args.get(++i);
                }
                case "--keep-running" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args.get(i) + "'\n" + USAGE);
            }
        }
        Scenarios.byName(scenario);
        Duration timeout = Duration.parse(env.getOrDefault("SHEPHERD_DEMO_TIMEOUT", "PT8M"));
        return new DemoOptions(scenario, keep, timeout, reportDir, Map.copyOf(services), Jvm.FAST_START);
    }

    public boolean expectsRollback() {
        return Scenarios.byName(scenario).endsWithRollback();
    }
}
