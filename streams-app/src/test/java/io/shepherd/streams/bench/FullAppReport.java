package io.shepherd.streams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;

import io.shepherd.stack.KafkaNode;

/** Prints the full app benchmark: input, a line per run as it ends, the ratios, rates per record kind, and the join state. */
final class FullAppReport {

    private FullAppReport() {
    }

    static void printInput(FullAppBenchmark.Options o, List<String> models, FullAppData.Input input, String load, Properties app) {
        out("Command: %s --requests %d --models %d --hours %s --rounds %d --commit-ms %d --pending %d%s%s", FullAppBenchmark.COMMAND,
                o.requests(), o.models(), o.span().toMinutes() / 60.0, o.rounds(), o.commitMs(), o.pending(),
                o.taskIdleMs().map(ms -> " --task-idle-ms " + ms).orElse(""), o.atLeastOnce() ? "" : " --no-alos");
        out("Machine: %d cores, %s %s, Kafka %s (broker in this JVM, -Xmx%d m), load average at start %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                KafkaNode.version(), Runtime.getRuntime().maxMemory() >> 20, load);
        out("Input: %d models x 1 version (declared baseline accuracy %.2f), %s of event time, default policy (1 h windows);",
                models.size(), FullAppData.BASELINE_ACCURACY, o.span());
        out("       %,d PredictionServed (%,d errors), %,d FeaturesObserved (%d numeric + %d categorical), %,d OutcomeObserved",
                input.predictions(), input.errors(), input.features(), BenchData.NUMERIC_FEATURES, BenchData.CATEGORICAL.length,
                input.outcomes());
        out("       (label delay %d min of event time); %,d records, %.0f B/record of Avro, produced in %.1f s",
                FullAppData.LABEL_DELAY_MS / 60_000, input.records(), (double) input.bytes() / input.records(), input.produceSeconds());
        out("Apps: one StreamThread, StreamsAppConfig.streamsProperties() for both (commit.interval.ms=%s, max.task.idle.ms=%s);",
                app.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG), app.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        out("      identity = the 3 input topics copied as bytes to 3 topics; full = StreamsApp.topology(config).");
        out("");
        out("%-5s %-15s %-8s %-5s %9s %8s %8s %11s %11s %7s %7s  %-16s", "round", "guarantee", "app", "order", "records", "total s",
                "steady s", "steady ev/s", "total ev/s", "thread%", "us/ev", "poll/proc/commit");
    }

    static void printRun(FullAppBenchmark.Run run) {
        AppRun.Timing t = run.timing();
        AppRun.ThreadTime tt = t.threadTime();
        out("%-5d %-15s %-8s %-5d %,9d %8.2f %8.2f %,11.0f %,11.0f %6.0f%% %7.1f  %4.0f/%4.0f/%4.0f%%", run.round(), run.guarantee(),
                run.app(), run.order(), t.records(), t.totalSeconds(), t.steadySeconds(), t.steadyRate(), t.totalRate(),
                100 * t.streamThreadCpuSeconds() / t.totalSeconds(), 1e6 * t.streamThreadCpuSeconds() / t.records(),
                100 * tt.poll(), 100 * tt.process(), 100 * tt.commit());
        if (run.app().equals("full")) {
            out("      -> published %s; outcomes still in the repartition topic when the inputs were committed: %,d",
                    run.published(), run.outcomesInFlight());
        }
    }

    static void printSummary(FullAppBenchmark.Options options, FullAppData.Input input, List<FullAppBenchmark.Run> runs) {
        out("");
        out("Ratio full / identity, same round, same guarantee (steady rates):");
        out("%-15s %-7s %14s %14s %12s %12s", "guarantee", "round", "identity ev/s", "full ev/s", "ratio steady", "ratio total");
        for (String guarantee : List.of(ThroughputBenchmark.EOS, ThroughputBenchmark.ALOS)) {
            List<Double> steady = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            List<Double> fullRates = new ArrayList<>();
            List<Double> identityRates = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                Optional<AppRun.Timing> identity = find(runs, round, guarantee, "identity");
                Optional<AppRun.Timing> full = find(runs, round, guarantee, "full");
                if (identity.isEmpty() || full.isEmpty()) {
                    continue;
                }
                steady.add(full.get().steadyRate() / identity.get().steadyRate());
                total.add(full.get().totalRate() / identity.get().totalRate());
                fullRates.add(full.get().steadyRate());
                identityRates.add(identity.get().steadyRate());
                out("%-15s %-7d %,14.0f %,14.0f %12.2f %12.2f", guarantee, round, identity.get().steadyRate(), full.get().steadyRate(),
                        steady.get(steady.size() - 1), total.get(total.size() - 1));
            }
            if (!steady.isEmpty()) {
                out("%-15s %-7s %,14.0f %,14.0f %12.2f %12.2f", guarantee, "median", BenchReport.median(identityRates),
                        BenchReport.median(fullRates), BenchReport.median(steady), BenchReport.median(total));
                printKinds(guarantee, input, BenchReport.median(fullRates), BenchReport.median(identityRates));
            }
        }
    }

    /** The mixed stream's median steady rate split by the share of each record kind in the input. */
    private static void printKinds(String guarantee, FullAppData.Input input, double full, double identity) {
        double records = input.records();
        out("  %s, per record kind (share of the mixed input x median steady rate): full %s; identity %s", guarantee,
                kinds(input, full / records), kinds(input, identity / records));
    }

    private static String kinds(FullAppData.Input input, double perRecord) {
        return String.format(Locale.ROOT, "%,.0f predictions/s + %,.0f features/s + %,.0f outcomes/s", input.predictions() * perRecord,
                input.features() * perRecord, input.outcomes() * perRecord);
    }

    static void printJoinState(FullAppJoinState.Result r) {
        out("");
        out("Join state: %s, predictions without labels, fresh full app (exactly_once_v2) per point, measured after close:",
                io.shepherd.streams.performance.PerformanceProcessor.PENDING);
        out("%12s %12s %16s %16s %16s %16s %14s %10s", "predictions", "pending", "changelog rec B", "changelog log B", "RocksDB B",
                "RocksDB .sst B", "key B/pending", "value B");
        for (FullAppJoinState.Point p : List.of(r.first(), r.second())) {
            TopicScan.ChangelogSize c = p.changelog();
            out("%,12d %,12d %,16d %,16d %,16d %,16d %14.1f %10.1f", p.predictions(), p.pending(), c.liveKeyBytes() + c.liveValueBytes(),
                    p.logBytes(), p.rocksDbBytes(), p.sstBytes(), (double) c.liveKeyBytes() / c.liveKeys(), c.valueBytesPerKey());
        }
        out("Per pending prediction, from the difference of the two points, and per million pending predictions:");
        Map<String, Double> slopes = Map.of(
                "changelog records (key + value)", r.slope(p -> p.changelog().liveKeyBytes() + p.changelog().liveValueBytes()),
                "changelog partitions on the broker", r.slope(FullAppJoinState.Point::logBytes),
                "RocksDB files", r.slope(FullAppJoinState.Point::rocksDbBytes),
                "RocksDB .sst files", r.slope(FullAppJoinState.Point::sstBytes));
        slopes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out("  %-36s %8.1f B  -> %,8.1f MB per million", e.getKey(), e.getValue(), e.getValue()));
        out("  PendingPrediction.toBytes(): %.1f B per pending prediction (the changelog value)", r.second().changelog().valueBytesPerKey());
    }

    private static Optional<AppRun.Timing> find(List<FullAppBenchmark.Run> runs, int round, String guarantee, String app) {
        return runs.stream().filter(r -> r.round() == round && r.guarantee().equals(guarantee) && r.app().equals(app))
                .map(FullAppBenchmark.Run::timing).findFirst();
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
