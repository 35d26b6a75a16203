package io.shepherd.systembench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

import io.shepherd.contract.TopicDefinition;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;

/**
 * Benchmark 4, how the cost grows: the streams app alone (child JVM, exactly-once) on backlogs with 10, 100 and 1,000
 * features per request and 1, 10 and 100 models; records per second, feature values per second, the JVM's peak
 * resident memory, the state on disk and the bytes written to changelogs per input record. The identity app runs once per
 * feature count (on the middle model count), for what the bytes alone cost. Each app's input is sized so that it has
 * {@link Options#steady()} of steady state: a first run on {@link Options#requests()} requests, and when that was
 * shorter, a run on fresh input sized from the rate the first one reached. One broker for all cells; the serving topics
 * are emptied (deleted and created again) before each run.
 */
final class GrowthBenchmark {

    /**
     * @param requests the fewest requests of an input, and the size of each app's first run in a cell
     * @param steady   the steady state each app must have had; a shorter run is repeated on a larger input
     */
    record Options(List<Integer> features, List<Integer> models, long requests, Duration steady, Duration timeout) {
    }

    /**
     * One app's run through one input.
     *
     * @param heap           the -Xmx that carried it
     * @param stateBytes     its state folder at the end (0 for the identity app)
     * @param changelogBytes key and value bytes it committed to its changelog topics (0 for the identity app)
     */
    record Run(GrowthData.Cell cell, Drain drain, String heap, long stateBytes, long changelogBytes) {

        double changelogBytesPerRecord() {
            return (double) changelogBytes / drain.records();
        }
    }

    /**
     * @param app      the streams app's run that counts; null if it ran out of every heap
     * @param identity the identity app's, on the middle model count only
     * @param failed   why smaller heaps did not carry the streams app
     */
    record Row(int features, int models, Run app, Run identity, String failed) {
    }

    /** Heaps tried in turn: a cell whose app runs out of memory is run again with the next. */
    static final List<String> HEAPS = List.of("1g", "4g", "12g");

    /** A rerun aims at half as much again as the steady time asked for: the shorter run's rate is only an estimate. */
    static final double AIM = 1.5;

    /** Runs of one app in one cell at most: the first, a sized one, and more only if that still fell short. */
    static final int RUNS = 4;

    private final Options options;
    private final Map<String, String> classpaths;
    private final Consumer<String> say;

    GrowthBenchmark(Options options, Map<String, String> classpaths, Consumer<String> say) {
        this.options = options;
        this.classpaths = classpaths;
        this.say = say;
    }

    /** Where the cells run. */
    private record Bench(LocalStack stack, Progress progress, Path dir) {
    }

    @FunctionalInterface
    private interface Attempt {
        Run run(long requests, int attempt) throws Exception;
    }

    List<Row> run(Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new StackOptions(dir.resolve("stack"), 0, 0, 0, 0, false));
             Progress progress = new Progress(stack.bootstrapServers())) {
            Changelogs.keepUncompacted(progress.admin());
            Bench bench = new Bench(stack, progress, dir);
            int identityModels = options.models().get(options.models().size() / 2);
            for (int features : options.features()) {
                for (int models : options.models()) {
                    rows.add(cell(bench, features, models, models == identityModels));
                }
            }
        }
        return rows;
    }

    private Row cell(Bench bench, int features, int models, boolean withIdentity) throws Exception {
        List<String> failed = new ArrayList<>();
        Run app = sized("streams app", features, models, (requests, attempt) -> streamsApp(bench, features, models, requests, attempt, failed));
        Run identity = withIdentity ? sized("identity app", features, models, (requests, attempt) -> identityApp(bench, features, models, requests,
                attempt)) : null;
        Row row = new Row(features, models, app, identity, String.join("; ", failed));
        say.accept(summary(row));
        return row;
    }

    /** Runs an app on inputs of growing size until it had the steady time asked for; null if it could not run at all. */
    private Run sized(String app, int features, int models, Attempt attempt) throws Exception {
        long requests = options.requests();
        for (int n = 1; ; n++) {
            Run run = attempt.run(requests, n);
            if (run == null || run.drain().steadySeconds() >= options.steady().toSeconds() || n == RUNS) {
                return run;
            }
            long next = nextRequests(run, options.steady());
            say.accept(Table.f("growth %d features x %d models: the %s had %.1f s of steady state on %d requests (published in %.0f s; "
                    + "%.0f records/s, %.0f in its second half); again on %d", features, models, app, run.drain().steadySeconds(), requests,
                    run.cell().produceSeconds(), run.drain().steadyRate(), run.drain().lateRate(), next));
            requests = next;
        }
    }

    /**
     * Requests for an input that gives {@link #AIM} times {@code steady} at the rate the last run reached, and more than
     * it had. The rate is the faster of its steady rate and that of the second half of its steady time: a short run's
     * first seconds are JIT warm-up, and a too large input costs only time, a too small one another run.
     */
    static long nextRequests(Run last, Duration steady) {
        double recordsPerRequest = (double) last.cell().records() / last.cell().requests();
        double rate = Math.max(last.drain().steadyRate(), last.drain().lateRate());
        long aimed = (long) Math.ceil(rate * steady.toSeconds() * AIM / recordsPerRequest);
        return Math.max(aimed, last.cell().requests() + 1);
    }

    /** The streams app on fresh input, from the heap the cell last needed; its changelogs are counted and then deleted. */
    private Run streamsApp(Bench bench, int features, int models, long requests, int attempt, List<String> failed) throws Exception {
        String prefix = prefix("g", features, models, attempt);
        GrowthData.Cell cell = publish(bench, prefix, features, models, requests);
        Map<TopicPartition, Long> ends = bench.progress().endOffsets(IdentityApp.INPUTS);
        for (String heap : HEAPS.subList(failed.size(), HEAPS.size())) {
            String appId = "growth-" + prefix + "-" + heap;
            Path stateDir = bench.dir().resolve("state").resolve(appId);
            try {
                Drain drain = drain(bench, "streams", classpaths.get("streams"), "io.shepherd.streams.StreamsApp", appId, stateDir, ends, heap);
                long changelog = Changelogs.committedBytes(bench.stack().bootstrapServers(), bench.progress().admin(), appId);
                Changelogs.deleteInternalTopics(bench.progress().admin(), appId);
                return new Run(cell, drain, heap, ProcessMemory.folderBytes(stateDir), changelog);
            } catch (Drain.ChildExited e) {
                String why = Files.readString(e.child.log()).contains("OutOfMemoryError") ? "out of memory" : "exited";
                failed.add("-Xmx" + heap + ": " + why);
                Changelogs.deleteInternalTopics(bench.progress().admin(), appId);
                say.accept(Table.f("growth %d features x %d models: the app with -Xmx%s %s (log %s)", features, models, heap, why, e.child.log()));
            }
        }
        return null;
    }

    private Run identityApp(Bench bench, int features, int models, long requests, int attempt) throws Exception {
        String prefix = prefix("i", features, models, attempt);
        GrowthData.Cell cell = publish(bench, prefix, features, models, requests);
        Map<TopicPartition, Long> ends = bench.progress().endOffsets(IdentityApp.INPUTS);
        recreate(bench.stack(), bench.progress(), IdentityApp.INPUTS.stream().map(IdentityApp::outputOf).toList());
        String appId = "growth-identity-" + prefix;
        Drain drain = drain(bench, "identity", System.getProperty("java.class.path"), IdentityApp.class.getName(), appId,
                bench.dir().resolve("state").resolve(appId), ends, HEAPS.get(0));
        return new Run(cell, drain, HEAPS.get(0), 0, 0);
    }

    /** Model ids and the app id start with it: each run has its own models, so no run reads another's policies. */
    private static String prefix(String app, int features, int models, int attempt) {
        return app + features + "x" + models + (attempt == 1 ? "" : "r" + attempt);
    }

    /** Fresh serving topics and the input; once more on fresh topics if a send failed (a producer that stalled on them). */
    private GrowthData.Cell publish(Bench bench, String prefix, int features, int models, long requests) throws Exception {
        for (int tried = 1; ; tried++) {
            recreate(bench.stack(), bench.progress(), IdentityApp.INPUTS);
            try {
                return GrowthData.publish(bench.stack().bootstrapServers(), bench.stack().registryUrl(), prefix, features, models, requests,
                        Instant.now());
            } catch (IllegalStateException e) {
                if (tried == 2) {
                    throw e;
                }
                say.accept("growth: publishing " + prefix + " failed (" + e.getMessage() + "); once more on fresh topics");
            }
        }
    }

    private Drain drain(Bench bench, String name, String classpath, String mainClass, String appId, Path stateDir,
                        Map<TopicPartition, Long> ends, String heap) throws Exception {
        return Drain.streamsApp(bench.stack(), bench.progress(), name + "-" + appId, classpath, mainClass, appId, stateDir,
                List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"), ends, bench.dir().resolve("logs"), options.timeout());
    }

    private static String summary(Row row) {
        String identity = row.identity() == null ? "" : Table.f("; identity %.0f records/s over %.1f s steady on %d requests (published in %.0f s)",
                row.identity().drain().steadyRate(), row.identity().drain().steadySeconds(), row.identity().cell().requests(),
                row.identity().cell().produceSeconds());
        if (row.app() == null) {
            return Table.f("growth %d features x %d models: failed (%s)%s", row.features(), row.models(), row.failed(), identity);
        }
        Run app = row.app();
        return Table.f("growth %d features x %d models: %.0f records/s over %.1f s steady on %d requests (published in %.0f s), -Xmx%s, "
                        + "peak RSS %s MB, state %s MB, changelog %.0f bytes per input record%s", row.features(), row.models(), app.drain().steadyRate(),
                app.drain().steadySeconds(), app.cell().requests(), app.cell().produceSeconds(), app.heap(), Table.mb(app.drain().memory().peakRssBytes()), Table.mb(app.stateBytes()),
                app.changelogBytesPerRecord(), identity);
    }

    /** Deletes the topics and creates them again as the stack defines them (or like the first input for the identity's). */
    static void recreate(LocalStack stack, Progress progress, List<String> topics) throws Exception {
        var admin = progress.admin();
        var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> present = topics.stream().filter(existing::contains).toList();
        if (!present.isEmpty()) {
            admin.deleteTopics(present).all().get(60, TimeUnit.SECONDS);
        }
        int partitions = stack.topics().stream().filter(t -> t.name().equals(IdentityApp.INPUTS.get(0))).findFirst()
                .map(TopicDefinition::partitions).orElse(1);
        List<NewTopic> create = topics.stream().map(name -> stack.topics().stream().filter(t -> t.name().equals(name)).findFirst()
                .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
                .orElseGet(() -> new NewTopic(name, partitions, (short) 1))).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
                // The controller has created them, but the broker may not lead their partitions yet: a producer started
                // now gets NOT_LEADER_OR_FOLLOWER, and its idempotent retries can then stall on OUT_OF_ORDER_SEQUENCE_NUMBER
                // until the batches expire. Listing offsets is answered by the partition leader only.
                awaitLeaders(progress, topics);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // A deleted topic's name is free again only once the controller has finished deleting it.
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static void awaitLeaders(Progress progress, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                progress.endOffsets(topics);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Table 4 of BENCHMARKS.md. */
    static Table table(List<Row> rows) {
        Table t = new Table("features", "models", "requests", "records", "streams app records/s", "streams app steady s",
                "identity records/s (same features)", "identity steady s (records)", "ratio", "feature values/s", "heap (-Xmx)", "peak RSS MB",
                "state on disk MB", "changelog bytes per input record", "wall time s (incl. JVM start)");
        Map<Integer, Run> identities = new HashMap<>();
        rows.stream().filter(r -> r.identity() != null).forEach(r -> identities.put(r.features(), r.identity()));
        for (Row r : rows) {
            Run identity = identities.get(r.features());
            String identityRate = identity == null ? "-" : Table.f("%.0f", identity.drain().steadyRate());
            String identitySteady = identity == null ? "-" : Table.f("%.1f (%d)", identity.drain().steadySeconds(), identity.cell().records());
            Run app = r.app();
            if (app == null) {
                t.row(r.features(), r.models(), "-", "-", "failed: " + r.failed(), "-", identityRate, identitySteady, "-", "-", "-", "-", "-", "-", "-");
                continue;
            }
            double rate = app.drain().steadyRate();
            t.row(r.features(), r.models(), app.cell().requests(), app.cell().records(), Table.f("%.0f", rate),
                    Table.f("%.1f", app.drain().steadySeconds()), identityRate, identitySteady,
                    identity == null ? "-" : Table.f("%.2f", rate / identity.drain().steadyRate()),
                    Table.f("%.0f", rate * app.cell().featureValues() / app.cell().records()),
                    r.failed().isEmpty() ? app.heap() : app.heap() + " (" + r.failed() + ")", Table.mb(app.drain().memory().peakRssBytes()),
                    Table.mb(app.stateBytes()), Table.f("%.0f", app.changelogBytesPerRecord()), Table.f("%.1f", app.drain().totalSeconds()));
        }
        return t;
    }
}
