package io.shepherd.streams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

import io.shepherd.contract.Topics;
import io.shepherd.stack.KafkaNode;

/** Prints the benchmark's tables: machine and input first, a line per run as it ends, then ratios, dead letters and state. */
final class BenchReport {

    static final double TARGET = 0.5;

    private BenchReport() {
    }

    static void printInput(ThroughputBenchmark.Options options, BenchData.Input input, Map<TopicPartition, Long> ends, String load,
                           Properties appProperties) {
        out("Command: %s%s", ThroughputBenchmark.COMMAND, args(options));
        out("Machine: %d cores (availableProcessors), %s RAM, %s %s, Kafka %s (broker in this JVM, -Xmx%d m), load average at start %s",
                Runtime.getRuntime().availableProcessors(), memTotal(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), KafkaNode.version(), Runtime.getRuntime().maxMemory() >> 20, load);
        out("Input: %,d FeaturesObserved events (%d numeric + %d categorical features), %d models x 1 version, %s of event time;",
                input.events(), BenchData.NUMERIC_FEATURES, BenchData.CATEGORICAL.length, input.models().size(), options.span());
        out("       %.0f B/event of Avro (Confluent framing), produced lz4 in %.1f s; records per partition of %s: %s",
                (double) input.bytes() / input.events(), input.produceSeconds(), Topics.FEATURES, perPartition(ends));
        out("Apps: one StreamThread each, StreamsAppConfig.streamsProperties() for both: commit.interval.ms=%s, max.task.idle.ms=%s,",
                appProperties.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                appProperties.getOrDefault(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "default (0)"));
        out("      producer compression.type=%s, and each run's processing.guarantee;",
                appProperties.getOrDefault(StreamsConfig.producerPrefix("compression.type"), "default (none)"));
        out("      fresh application id and state dir per run; identity = %s -> %s as bytes; drift = StreamsApp.topology(config).",
                Topics.FEATURES, ThroughputBenchmark.IDENTITY_OUTPUT);
        out("Rates: steady = records committed after the first commit seen / time since it (startup excluded); total = all records / time from start().");
        out("");
        out("CPU: thread = the app's StreamThread, us/ev = its CPU time per record; jvm = the whole JVM (broker included), %% of one core.");
        out("");
        out("Thread time: poll/process/commit = the stream thread's own ratios (metrics, last ~minute); blocked = its total time blocked on the network.");
        out("");
        out("%-5s %-15s %-8s %-5s %9s %8s %8s %8s %11s %11s %7s %7s %7s  %-16s %8s", "round", "guarantee", "app", "order", "records",
                "total s", "run s", "steady s", "steady ev/s", "total ev/s", "thread%", "us/ev", "jvm%", "poll/proc/commit", "blocked");
    }

    static void printRun(ThroughputBenchmark.Run run) {
        AppRun.Timing t = run.timing();
        AppRun.ThreadTime tt = t.threadTime();
        out("%-5d %-15s %-8s %-5d %,9d %8.2f %8.2f %8.2f %,11.0f %,11.0f %6.0f%% %7.1f %6.0f%%  %4.0f/%4.0f/%4.0f%% %7.1fs", run.round(),
                run.guarantee(), run.app(), run.order(), t.records(), t.totalSeconds(), t.runningSeconds(), t.steadySeconds(), t.steadyRate(),
                t.totalRate(), 100 * t.streamThreadCpuSeconds() / t.totalSeconds(), 1e6 * t.streamThreadCpuSeconds() / t.records(),
                100 * t.processCpuSeconds() / t.totalSeconds(), 100 * tt.poll(), 100 * tt.process(), 100 * tt.commit(), tt.blockedSeconds());
        if (run.app().equals("drift")) {
            long dead = run.deadLetters().values().stream().mapToLong(Long::longValue).sum();
            out("      -> published %,d DriftScored, %,d ModelHealthChanged; dead-lettered %,d%s", run.scores(), run.healthChanges(), dead,
                    dead == 0 ? "" : " " + run.deadLetters());
        }
    }

    static void printSummary(ThroughputBenchmark.Options options, BenchData.Input input, List<ThroughputBenchmark.Run> runs, double seconds) {
        out("");
        out("Ratio drift / identity, same round, same guarantee (target >= %.1f under exactly-once):", TARGET);
        out("%-15s %-7s %14s %14s %12s %12s", "guarantee", "round", "identity ev/s", "drift ev/s", "ratio steady", "ratio total");
        for (String guarantee : List.of(ThroughputBenchmark.EOS, ThroughputBenchmark.ALOS)) {
            List<Double> steady = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                Optional<AppRun.Timing> identity = find(runs, round, guarantee, "identity");
                Optional<AppRun.Timing> drift = find(runs, round, guarantee, "drift");
                if (identity.isEmpty() || drift.isEmpty()) {
                    continue;
                }
                double rs = drift.get().steadyRate() / identity.get().steadyRate();
                double rt = drift.get().totalRate() / identity.get().totalRate();
                steady.add(rs);
                total.add(rt);
                out("%-15s %-7d %,14.0f %,14.0f %12.2f %12.2f", guarantee, round, identity.get().steadyRate(), drift.get().steadyRate(), rs, rt);
            }
            if (!steady.isEmpty()) {
                double median = median(steady);
                out("%-15s %-7s %14s %14s %12.2f %12.2f   %s", guarantee, "median", "", "", median, median(total),
                        guarantee.equals(ThroughputBenchmark.EOS) ? (median >= TARGET ? "MEETS" : "MISSES") + " the target " + TARGET : "");
            }
        }
        runs.stream().filter(r -> r.state().isPresent()).findFirst().ifPresent(r -> printState(r, input));
        long dead = runs.stream().flatMap(r -> r.deadLetters().values().stream()).mapToLong(Long::longValue).sum();
        out("");
        out("Dead letters over all drift runs: %,d%s", dead, dead == 0 ? " (valid input: none expected)" : "");
        out("Total benchmark time: %.0f s", seconds);
    }

    private static void printState(ThroughputBenchmark.Run run, BenchData.Input input) {
        out("");
        out("State of %s-r%d (drift, %s) after the run, from its changelogs (latest value per key = what compaction keeps):",
                "bench-drift-" + ThroughputBenchmark.shortName(run.guarantee()), run.round(), run.guarantee());
        out("%-40s %10s %14s %12s %10s %14s %12s", "changelog", "records", "bytes written", "B/input ev", "live keys", "live value B",
                "B/key");
        for (TopicScan.ChangelogSize s : run.state().orElseThrow()) {
            out("%-40s %,10d %,14d %12.1f %,10d %,14d %,12.0f", s.topic(), s.recordsWritten(), s.bytesWritten(),
                    (double) s.bytesWritten() / input.events(), s.liveKeys(), s.liveValueBytes(), s.valueBytesPerKey());
        }
        List<TopicScan.ChangelogSize> sizes = run.state().orElseThrow();
        TopicScan.ChangelogSize panes = sizes.get(0);
        TopicScan.ChangelogSize references = sizes.get(1);
        int models = input.models().size();
        int features = BenchData.FEATURES;
        out("  open panes at the end: %d over %d model versions (%.1f each; 15-min panes of 1-h windows, the last hour + grace)",
                panes.liveKeys(), models, (double) panes.liveKeys() / models);
        out("  bytes per feature-pane (pane value / %d features): %,.0f", features, panes.valueBytesPerKey() / features);
        out("  bytes per reference feature (reference value / %d features): %,.0f", features, references.valueBytesPerKey() / features);
        out("  writes at commit: %,d pane values for %,d input events (one per %.0f events); a store written on every record would",
                panes.recordsWritten(), input.events(), (double) input.events() / panes.recordsWritten());
        out("  write %,d pane values of ~%,.0f B, %,.0f MB, and serialize as many sketches", input.events(), panes.valueBytesPerKey(),
                input.events() * panes.valueBytesPerKey() / 1e6);
        long live = sizes.stream().mapToLong(s -> s.liveKeyBytes() + s.liveValueBytes()).sum();
        out("  live state per model version (panes + reference + progress, keys included): %,.0f B", (double) live / models);
    }

    private static Optional<AppRun.Timing> find(List<ThroughputBenchmark.Run> runs, int round, String guarantee, String app) {
        return runs.stream().filter(r -> r.round() == round && r.guarantee().equals(guarantee) && r.app().equals(app))
                .map(ThroughputBenchmark.Run::timing).findFirst();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "unknown";
    }

    private static String perPartition(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
                .map(e -> e.getKey().partition() + ":" + String.format(Locale.ROOT, "%,d", e.getValue())).toList().toString();
    }

    private static String args(ThroughputBenchmark.Options o) {
        return String.format(Locale.ROOT, " --events %d --models %d --hours %s --rounds %d --commit-ms %d%s", o.events(), o.models(),
                o.span().toMinutes() % 60 == 0 ? Long.toString(o.span().toHours()) : Double.toString(o.span().toMinutes() / 60.0),
                o.rounds(), o.commitMs(), o.atLeastOnce() ? "" : " --no-alos");
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
