package io.shepherd.systembench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shepherd.simulator.demo.ServiceSet;
import io.shepherd.stack.LocalStack;

/**
 * Benchmarks 2 to 4 of BENCHMARKS.md in one run: end-to-end time to the rollback command, whole-system throughput
 * against the identity app, and cost growth with features and models. Prints progress, then the markdown tables, and
 * writes the tables to {@code --out}. Run with {@code ops/bench} (all four benchmarks) or {@code ops/system-bench/bench}.
 */
public final class SystemBenchmark {

    static final String USAGE = "usage: ops/system-bench/bench [--only e2e,system,growth] [--trials N] [--rounds N] [--span-minutes M]\n"
            + "  [--rate-scale X] [--requests N] [--features 10,100,1000] [--models 1,10,100] [--out FILE]";

    record Options(Set<String> only, int trials, int rounds, Duration span, double rateScale, long requests, List<Integer> features,
                   List<Integer> models, Path out) {

        static Options parse(List<String> args) {
            Map<String, String> given = new HashMap<>();
            Set<String> known = Set.of("--only", "--trials", "--rounds", "--span-minutes", "--rate-scale", "--requests", "--features", "--models",
                    "--out");
            for (int i = 0; i < args.size(); i++) {
                if (!known.contains(args.get(i)) || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("bad argument '" + args.get(i) + "'\n" + USAGE);
                }
                given.put(args.get(i), args.get(++i));
            }
            Set<String> only = Set.copyOf(Arrays.asList(given.getOrDefault("--only", "e2e,system,growth").split(",")));
            if (!Set.of("e2e", "system", "growth").containsAll(only)) {
                throw new IllegalArgumentException("--only takes e2e, system, growth\n" + USAGE);
            }
            return new Options(only, Integer.parseInt(given.getOrDefault("--trials", "3")), Integer.parseInt(given.getOrDefault("--rounds", "2")),
                    Duration.ofMinutes(Long.parseLong(given.getOrDefault("--span-minutes", "10"))),
                    Double.parseDouble(given.getOrDefault("--rate-scale", "2")), Long.parseLong(given.getOrDefault("--requests", "20000")),
                    ints(given.getOrDefault("--features", "10,100,1000")), ints(given.getOrDefault("--models", "1,10,100")),
                    Path.of(given.getOrDefault("--out", ".shepherd/bench/system-benchmarks.md")));
        }

        private static List<Integer> ints(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
        }
    }

    /** Steady state each app must have had in a growth cell. */
    static final Duration GROWTH_STEADY = Duration.ofSeconds(30);

    private SystemBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, String> classpaths = ServiceSet.classpaths(name -> System.getProperty("shepherd.bench.classpath." + name));
        if (!classpaths.keySet().containsAll(List.of("streams", "alert-router", "projections"))) {
            throw new IllegalStateException("the services' classpath files are missing (found " + classpaths.keySet()
                    + "); run this through ops/system-bench/bench, which builds them");
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Files.createDirectories(Path.of(".shepherd", "bench-system-" + stamp)).toAbsolutePath();
        StringBuilder report = new StringBuilder();
        report.append("Machine: ").append(machine()).append('\n');
        report.append("Command: `ops/system-bench/bench ").append(String.join(" ", args)).append("` (run at ").append(stamp).append(")\n\n");
        System.out.print(report);
        long started = System.nanoTime();
        try {
            if (options.only().contains("e2e")) {
                var trials = new EndToEndBenchmark(new EndToEndBenchmark.Options(options.trials(), Duration.ofMinutes(8)), classpaths,
                        SystemBenchmark::say).run(dir);
                section(report, "End-to-end: first drifted event to RollbackRequested", """
                        Scenario `sudden-failure` (`ops/run --scenario sudden-failure`): fraud-scorer v2 at 60 requests/s, labels 2 s after \
                        the predictions; at one instant its 'amount' shifts by 1.5 sd and its accuracy falls from 0.92 to 0.70. Seconds \
                        after the simulator sent the first failing request, when each event reached a reader of the topics. Services in \
                        child JVMs, full JIT; a fresh stack for each trial. fraud-scorer's policy (the demo's): `%s`.""".formatted(
                        io.shepherd.simulator.SimulatorRun.demoPolicies().get("fraud-scorer")), EndToEndBenchmark.table(trials));
            }
            if (options.only().contains("system")) {
                var rounds = new WholeSystemBenchmark(new WholeSystemBenchmark.Options(options.rounds(), options.span(), options.rateScale(),
                        Duration.ofMinutes(20)), classpaths, SystemBenchmark::say).run(dir);
                section(report, "Whole-system throughput against the identity app", Table.f("""
                        Backlog: the simulated fleet (3 models, rate x %.1f) on the demo scenario over %d minutes of event time, ending \
                        at the start of the round. System: streams app (-Xmx1g) + alert router + projections (-Xmx512m each), child JVMs, \
                        Elasticsearch and the Slack/PagerDuty receiver real; done when the streams app committed every input record and \
                        the router and the projections committed everything written for them. Identity: a Kafka Streams app copying the \
                        three serving topics with the streams app's settings (exactly-once, commit 100 ms), child JVM -Xmx1g. Steady: from \
                        the first commit seen; whole run: from the JVMs' start.""", options.rateScale(), options.span().toMinutes()),
                        WholeSystemBenchmark.table(rounds));
            }
            if (options.only().contains("growth")) {
                var growth = new GrowthBenchmark.Options(options.features(), options.models(), options.requests(), GROWTH_STEADY,
                        Duration.ofMinutes(20));
                var rows = new GrowthBenchmark(growth, classpaths, SystemBenchmark::say).run(dir);
                section(report, "Cost growth with features and models", Table.f("""
                        The streams app alone (child JVM, exactly-once, one stream thread) on requests of a prediction, a feature event \
                        and a label each, numeric features, requests spread over %d minutes of event time and round robin over the \
                        models; each model's policy has tumbling windows of 2 minutes. Length: each app must have at least %d s of steady \
                        state (from its first commit to its last) in a cell. Its first run has %d requests; a shorter one is run again \
                        on fresh input of rate x %.0f s (the faster of its steady rate and that of its second half, when the JIT is warm), \
                        up to 4 runs; the table shows the last. The identity app runs on the middle model count of each feature \
                        count, on input sized the same way for itself. Changelog bytes: the serialized key + value of every record in the app's `<application.id>-...-changelog` topics, read \
                        at read_committed after the app stopped (the broker's cleaner held off), over the input records. Peak RSS is \
                        the JVM's high-water mark (VmHWM); state is the RocksDB folder at the end; heap is the -Xmx that carried the \
                        cell (1g, then 4g, then 12g after an out-of-memory exit).""", GrowthData.SPAN.toMinutes(), GROWTH_STEADY.toSeconds(),
                        options.requests(), GROWTH_STEADY.toSeconds() * GrowthBenchmark.AIM), GrowthBenchmark.table(rows));
            }
        } finally {
            wipeStacks(dir);
        }
        report.append(Table.f("Total time: %.0f s%n", (System.nanoTime() - started) / 1e9));
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
        System.out.println("written to " + options.out().toAbsolutePath() + "; logs in " + dir);
    }

    private static void section(StringBuilder report, String title, String setup, Table table) {
        report.append("### ").append(title).append("\n\n").append(setup).append("\n\n").append(table.markdown()).append('\n');
    }

    /** Deletes every stack folder under the run's folder (gigabytes of topics); the logs stay. */
    private static void wipeStacks(Path dir) throws IOException {
        List<Path> stacks = new ArrayList<>();
        try (var walk = Files.walk(dir, 3)) {
            walk.filter(p -> p.getFileName().toString().equals("stack") && Files.isDirectory(p)).forEach(stacks::add);
        }
        for (Path stack : stacks) {
            LocalStack.wipe(stack);
        }
        Path state = dir.resolve("state");
        if (Files.exists(state)) {
            try (var tree = Files.walk(state)) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Table.f("%d cores (%s), %.1f GiB RAM, %s %s, Java %s; load average at start %.2f", Runtime.getRuntime().availableProcessors(), cpu,
                os.getTotalMemorySize() / (1024.0 * 1024 * 1024), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), os.getSystemLoadAverage());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
