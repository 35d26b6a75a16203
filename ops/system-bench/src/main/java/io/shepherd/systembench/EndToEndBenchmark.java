package io.shepherd.systembench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.shepherd.events.AlertFired;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;
import io.shepherd.simulator.demo.DemoOptions;
import io.shepherd.simulator.demo.DemoRun;
import io.shepherd.simulator.scenario.Scenarios;
import io.shepherd.stack.StackOptions;

/**
 * Benchmark 2, end-to-end time from the first drifted event to the rollback command: the run command's machinery (local
 * stack, streams app, alert router, projections, simulator, deployment controller; services with the full JIT) on the
 * {@code sudden-failure} scenario, where fraud-scorer v2's inputs shift and its accuracy falls to 0.70 at one instant.
 * Each trial a fresh stack. Times are when the events reached a reader of the topics, from when the simulator sent the
 * first request of the failure (its tick sends the requests of the last 100 ms, so their event times start at most 100 ms
 * before); the EMERGENCY's own date (the end of the window that decided it) splits waiting for windows from processing.
 */
final class EndToEndBenchmark {

    static final String MODEL = "fraud-scorer";
    static final String VERSION = "v2";

    record Options(int trials, Duration timeout) {
    }

    /** Milestones of one trial, seconds after the failure started; empty when never seen. */
    record Trial(int trial, int exitCode, Map<String, Double> seconds, double emergencyDatedSeconds, Path log) {
    }

    static final List<String> MILESTONES = List.of("first DRIFT score", "WARNING", "CRITICAL", "EMERGENCY", "EMERGENCY alert",
            "RollbackRequested", "ROLLED_BACK");

    private final Options options;
    private final Map<String, String> classpaths;
    private final Consumer<String> say;

    EndToEndBenchmark(Options options, Map<String, String> classpaths, Consumer<String> say) {
        this.options = options;
        this.classpaths = classpaths;
        this.say = say;
    }

    List<Trial> run(Path dir) throws Exception {
        List<Trial> trials = new ArrayList<>();
        for (int trial = 1; trial <= options.trials(); trial++) {
            Path trialDir = dir.resolve("e2e-" + trial);
            Path log = dir.resolve("e2e-" + trial + ".log");
            Watch watch = new Watch();
            int code;
            try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                DemoOptions demo = new DemoOptions(Scenarios.SUDDEN_FAILURE, false, options.timeout(), trialDir.resolve("reports"), classpaths,
                        DemoOptions.Jvm.FULL);
                DemoRun run = new DemoRun(demo, new StackOptions(trialDir.resolve("stack"), 0, 0, 0, 0, true), Map.of(), out, watch);
                try {
                    code = run.run();
                } finally {
                    run.stop();
                }
            }
            Trial result = watch.trial(trial, code, log);
            say.accept("end-to-end trial " + trial + (code == 0 ? "" : " (did not complete, exit " + code + ")") + ": " + result.seconds()
                    + "; log " + log);
            trials.add(result);
        }
        return trials;
    }

    /** Watches the run: when the failure started and when each milestone of fraud-scorer v2 was first seen. */
    static final class Watch implements DemoRun.Probe {

        private long failureAt;
        private final Map<String, Long> seen = new LinkedHashMap<>();
        private long emergencyDatedMs;
        private long failureWallMs;

        @Override
        public synchronized void onNews(long nanos, String line) {
            if (failureAt == 0 && line.startsWith(MODEL + " " + VERSION + " fails")) {
                failureAt = nanos;
                failureWallMs = System.currentTimeMillis();
            }
        }

        @Override
        public synchronized void onEvent(long nanos, Object event) {
            if (failureAt == 0) {
                return;
            }
            if (event instanceof DriftScored d && ours(d.getModelId(), d.getModelVersion()) && d.getVerdict() == DriftVerdict.DRIFT) {
                seen.putIfAbsent("first DRIFT score", nanos);
            } else if (event instanceof ModelHealthChanged h && ours(h.getModelId(), h.getModelVersion()) && !h.getHeartbeat()) {
                for (HealthLevel level : List.of(HealthLevel.WARNING, HealthLevel.CRITICAL, HealthLevel.EMERGENCY)) {
                    if (h.getLevel().compareTo(level) >= 0) {
                        seen.putIfAbsent(level.name(), nanos);
                    }
                }
                if (h.getLevel() == HealthLevel.EMERGENCY && emergencyDatedMs == 0) {
                    emergencyDatedMs = h.getEventTime().toEpochMilli();
                }
            } else if (event instanceof AlertFired a && ours(a.getModelId(), a.getModelVersion()) && a.getLevel() == HealthLevel.EMERGENCY) {
                seen.putIfAbsent("EMERGENCY alert", nanos);
            } else if (event instanceof RollbackRequested r && ours(r.getModelId(), r.getFromVersion()) && !r.getDryRun()) {
                seen.putIfAbsent("RollbackRequested", nanos);
            } else if (event instanceof ModelLifecycle l && l.getModelId().equals(MODEL) && l.getType() == LifecycleEventType.ROLLED_BACK) {
                seen.putIfAbsent("ROLLED_BACK", nanos);
            }
        }

        private static boolean ours(String model, String version) {
            return MODEL.equals(model) && VERSION.equals(version);
        }

        synchronized Trial trial(int trial, int code, Path log) {
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (String milestone : MILESTONES) {
                Long at = seen.get(milestone);
                seconds.put(milestone, failureAt == 0 || at == null ? Double.NaN : (at - failureAt) / 1e9);
            }
            double dated = failureAt == 0 || emergencyDatedMs == 0 ? Double.NaN : (emergencyDatedMs - failureWallMs) / 1e3;
            return new Trial(trial, code, seconds, dated, log);
        }
    }

    /** Table 2 of BENCHMARKS.md. */
    static Table table(List<Trial> trials) {
        List<String> header = new ArrayList<>(List.of("trial"));
        MILESTONES.forEach(m -> header.add(m + " s"));
        header.add("EMERGENCY's window closed s");
        header.add("EMERGENCY seen after its window s");
        header.add("EMERGENCY -> RollbackRequested s");
        Table t = new Table(header.toArray(String[]::new));
        for (Trial trial : trials) {
            List<Object> row = new ArrayList<>();
            row.add(trial.trial() + (trial.exitCode() == 0 ? "" : " (exit " + trial.exitCode() + ")"));
            MILESTONES.forEach(m -> row.add(seconds(trial.seconds().get(m))));
            row.add(seconds(trial.emergencyDatedSeconds()));
            row.add(seconds(trial.seconds().get("EMERGENCY") - trial.emergencyDatedSeconds()));
            row.add(seconds(trial.seconds().get("RollbackRequested") - trial.seconds().get("EMERGENCY")));
            t.row(row.toArray());
        }
        return t;
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "never" : Table.f("%.1f", s);
    }
}
