package io.shepherd.systembench;

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
 * Benchmark 4, how the cost grows: the streams app alone (child JVM, {@code -Xmx1g}, exactly-once) on backlogs of the
 * same number of requests with 10, 100 and 1,000 features per request and 1, 10 and 100 models; records per second,
 * feature values per second, the JVM's peak resident memory and the state on disk. The identity app runs once per
 * feature count (on the middle model count's input), for what the bytes alone cost. One broker for all cells; the
 * serving topics are emptied (deleted and created again) before each cell.
 */
final class GrowthBenchmark {

    record Options(List<Integer> features, List<Integer> models, long requests, Duration timeout) {
    }

    /** @param heap the streams app's -Xmx that carried the cell; {@code failed} says why smaller ones did not */
    record Row(GrowthData.Cell cell, Drain app, long stateBytes, Drain identity, String heap, String failed) {
    }

    /** Heaps tried in turn: a cell whose app runs out of memory is run again with the next. */
    static final List<String> HEAPS = List.of("1g", "4g", "12g");

    private final Options options;
    private final Map<String, String> classpaths;
    private final Consumer<String> say;

    GrowthBenchmark(Options options, Map<String, String> classpaths, Consumer<String> say) {
        this.options = options;
        this.classpaths = classpaths;
        this.say = say;
    }

    List<Row> run(Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new StackOptions(dir.resolve("stack"), 0, 0, 0, 0, false));
             Progress progress = new Progress(stack.bootstrapServers())) {
            int identityModels = options.models().get(options.models().size() / 2);
            for (int features : options.features()) {
                for (int models : options.models()) {
                    String prefix = "g" + features + "x" + models;
                    recreate(stack, progress, IdentityApp.INPUTS);
                    GrowthData.Cell cell = GrowthData.publish(stack.bootstrapServers(), stack.registryUrl(), prefix, features, models,
                            options.requests(), Instant.now());
                    Map<TopicPartition, Long> ends = progress.endOffsets(IdentityApp.INPUTS);
                    Drain app = null;
                    String heap = null;
                    List<String> failed = new ArrayList<>();
                    long state = 0;
                    for (String tried : HEAPS) {
                        Path stateDir = dir.resolve("state").resolve(prefix + "-" + tried);
                        try {
                            app = drain(stack, progress, "streams", classpaths.get("streams"), "io.shepherd.streams.StreamsApp",
                                    "growth-" + prefix + "-" + tried, stateDir, ends, dir, tried);
                            heap = tried;
                            state = ProcessMemory.folderBytes(stateDir);
                            break;
                        } catch (Drain.ChildExited e) {
                            String why = java.nio.file.Files.readString(e.child.log()).contains("OutOfMemoryError") ? "out of memory" : "exited";
                            failed.add("-Xmx" + tried + ": " + why);
                            say.accept(Table.f("growth %d features x %d models: the app with -Xmx%s %s (log %s)", features, models, tried, why,
                                    e.child.log()));
                        }
                    }
                    if (app == null) {
                        rows.add(new Row(cell, null, 0, null, "-", String.join("; ", failed)));
                        continue;
                    }
                    Drain identity = null;
                    if (models == identityModels) {
                        recreate(stack, progress, IdentityApp.INPUTS.stream().map(IdentityApp::outputOf).toList());
                        identity = drain(stack, progress, "identity", System.getProperty("java.class.path"), IdentityApp.class.getName(),
                                "growth-identity-" + prefix, dir.resolve("state").resolve("identity-" + prefix), ends, dir, HEAPS.get(0));
                    }
                    Row row = new Row(cell, app, state, identity, heap, String.join("; ", failed));
                    say.accept(Table.f("growth %d features x %d models: %.0f records/s steady, -Xmx%s, peak RSS %s MB, state %s MB%s", features,
                            models, app.steadyRate(), heap, Table.mb(app.memory().peakRssBytes()), Table.mb(state),
                            identity == null ? "" : Table.f("; identity %.0f records/s", identity.steadyRate())));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Drain drain(LocalStack stack, Progress progress, String name, String classpath, String mainClass, String appId, Path stateDir,
                        Map<TopicPartition, Long> ends, Path dir, String heap) throws Exception {
        return Drain.streamsApp(stack, progress, name + "-" + appId, classpath, mainClass, appId, stateDir,
                List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"), ends, dir.resolve("logs"), options.timeout());
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

    /** Table 4 of BENCHMARKS.md. */
    static Table table(List<Row> rows) {
        Table t = new Table("features", "models", "requests", "records", "streams app records/s", "identity records/s (same features)",
                "ratio", "feature values/s", "heap (-Xmx)", "peak RSS MB", "state on disk MB", "wall time s (incl. JVM start)");
        Map<Integer, Drain> identities = new HashMap<>();
        rows.stream().filter(r -> r.identity() != null).forEach(r -> identities.put(r.cell().features(), r.identity()));
        for (Row r : rows) {
            Drain identity = identities.get(r.cell().features());
            if (r.app() == null) {
                t.row(r.cell().features(), r.cell().models(), r.cell().requests(), r.cell().records(), "failed: " + r.failed(),
                        identity == null ? "-" : Table.f("%.0f", identity.steadyRate()), "-", "-", "-", "-", "-", "-");
                continue;
            }
            double rate = r.app().steadyRate();
            t.row(r.cell().features(), r.cell().models(), r.cell().requests(), r.cell().records(), Table.f("%.0f", rate),
                    identity == null ? "-" : Table.f("%.0f", identity.steadyRate()),
                    identity == null ? "-" : Table.f("%.2f", rate / identity.steadyRate()),
                    Table.f("%.0f", rate * r.cell().featureValues() / r.cell().records()),
                    r.failed().isEmpty() ? r.heap() : r.heap() + " (" + r.failed() + ")", Table.mb(r.app().memory().peakRssBytes()), Table.mb(r.stateBytes()), Table.f("%.1f", r.app().totalSeconds()));
        }
        return t;
    }
}
