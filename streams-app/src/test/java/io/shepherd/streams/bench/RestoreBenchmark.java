package io.shepherd.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.shepherd.contract.Topics;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;
import io.shepherd.streams.it.AppRuns;

/**
 * What {@code standby.replicas} does to a task that moves after a crash: two instances of the streams app (child JVMs,
 * exactly-once, session timeout 10 s) catch up with a backlog of feature events, then, while events keep coming, one of
 * them is killed with SIGKILL. Measured: from the kill until every input partition's committed offset moves again,
 * that is until the survivor runs the dead instance's tasks; once with no standby replicas (the survivor restores
 * those tasks' state from the changelogs) and once with one (it holds a warm copy). The same backlog for both; each
 * run its own application id.
 *
 * <pre>streams-app/bench --restore [--models M] [--features F] [--events E]</pre>
 */
public final class RestoreBenchmark {

    private static final long SESSION_TIMEOUT_MS = 10_000;
    private static final String POLICY = """
            {"windowSize": "PT1M", "windowAdvance": "PT1M", "gracePeriod": "PT5S", "minSamples": 50,
             "reference": {"kind": "FIRST_EVENTS", "events": 1000}}""";

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--models", "8", "--features", "100", "--events", "6000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int models = Integer.parseInt(options.get("--models"));
        int features = Integer.parseInt(options.get("--features"));
        int events = Integer.parseInt(options.get("--events"));
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(".shepherd")), "bench-restore-");
        long t0 = System.currentTimeMillis() / 3_600_000L * 3_600_000L - 4 * 3_600_000L;
        List<String> names = BenchData.balancedModels(models, 4);
        System.out.printf("standby.replicas and a crashed instance's tasks: %d models x %d numeric features, %d events per model"
                + " (one every 100 ms of event time) as the backlog, then 20 events per model per second while one of two instances"
                + " is killed with SIGKILL; session timeout %d ms%n", models, features, events, SESSION_TIMEOUT_MS);
        List<String> rows = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(new StackOptions(dataDir.resolve("stack"), 0, 0, 0, 0, false))) {
            AppRuns.deploy(stack, names, POLICY, t0);
            produce(stack, names, features, t0, 0, events, new AtomicBoolean(true), 0);
            for (int standby : List.of(0, 1)) {
                rows.add(run(stack, dataDir, names, features, t0, events, standby));
            }
        } finally {
            LocalStack.wipe(dataDir.resolve("stack"));
            AppRun.deleteTree(dataDir);
        }
        System.out.println();
        System.out.println("| standby.replicas | changelog records the survivor restored after the kill | longest store restoration, ms"
                + " | kill -> every partition committed again, ms | of which past the session timeout, ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private static String run(LocalStack stack, Path dataDir, List<String> names, int features, long t0, int events, int standby)
            throws Exception {
        String app = "restore-" + standby + "-" + System.nanoTime();
        Map<String, Long> backlog = AppRuns.endOffsets(stack, Topics.FEATURES);
        List<Process> instances = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = dataDir.resolve(app + "-" + i + ".log");
            logs.add(log);
            instances.add(AppRuns.startChild(env(stack, app, dataDir.resolve(app + "-" + i), standby), "1g", log));
        }
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            try {
                produce(stack, names, features, t0, events, Integer.MAX_VALUE, producing, 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "restore-bench-traffic");
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!AppRuns.caughtUp(stack, app, Topics.FEATURES, backlog)) {
                if (System.nanoTime() > deadline || instances.stream().anyMatch(p -> !p.isAlive())) {
                    throw new IllegalStateException("the two instances did not catch up with the backlog; logs " + logs);
                }
                Thread.sleep(200);
            }
            // With standby replicas, the standbys catch up with their changelogs too before the kill.
            Thread.sleep(5_000);
            traffic.start();
            Thread.sleep(3_000);
            Map<String, Long> atKill = AppRuns.committed(stack, app, Topics.FEATURES);
            java.time.LocalTime killedAt = java.time.LocalTime.now();
            instances.get(0).destroyForcibly();
            instances.get(0).waitFor(30, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            long resumed = -1;
            while (System.nanoTime() - killed < TimeUnit.MINUTES.toNanos(5)) {
                Map<String, Long> now = AppRuns.committed(stack, app, Topics.FEATURES);
                if (atKill.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) > e.getValue())) {
                    resumed = (System.nanoTime() - killed) / 1_000_000;
                    break;
                }
                Thread.sleep(50);
            }
            Restored restored = restored(logs.get(1), killedAt);
            System.out.printf("standby.replicas %d: every partition committed again %d ms after the kill; after the kill the survivor"
                    + " restored %,d changelog records, the longest store partition in %d ms%n", standby, resumed, restored.records(),
                    restored.longestMs());
            return "| " + standby + " | " + String.format("%,d", restored.records()) + " | " + restored.longestMs() + " | " + resumed + " | "
                    + (resumed < 0 ? "-" : Long.toString(resumed - SESSION_TIMEOUT_MS)) + " |";
        } finally {
            producing.set(false);
            if (traffic.isAlive()) {
                traffic.join(30_000);
            }
            for (Process instance : instances) {
                instance.destroyForcibly();
                instance.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Records restored and the longest restoration of a store partition, from the log lines written after a time. */
    record Restored(long records, long longestMs) {
    }

    /**
     * What the instance's log says it restored from {@code after} on (lines "HH:mm:ss.SSS ... restored store ... from
     * its changelog: N records in M ms").
     */
    private static Restored restored(Path log, java.time.LocalTime after) throws java.io.IOException {
        long records = 0;
        long longest = 0;
        java.util.regex.Pattern finished = java.util.regex.Pattern.compile(
                "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*from its changelog: (\\d+) records in (\\d+) ms");
        java.util.regex.Pattern timed = java.util.regex.Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
        int warnings = 0;
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher t = timed.matcher(line);
            // Kafka Streams' word for state it throws away and rebuilds from the changelog (a task's state found corrupted).
            if (t.find() && !java.time.LocalTime.parse(t.group(1)).isBefore(after) && line.toLowerCase(java.util.Locale.ROOT).contains("corrupt")
                    && warnings++ < 3) {
                System.out.println("  " + line);
            }
            java.util.regex.Matcher m = finished.matcher(line);
            if (m.find() && !java.time.LocalTime.parse(m.group(1)).isBefore(after)) {
                System.out.println("  " + line.substring(line.indexOf("restored store")));
                records += Long.parseLong(m.group(2));
                longest = Math.max(longest, Long.parseLong(m.group(3)));
            }
        }
        return new Restored(records, longest);
    }

    /**
     * Events {@code from} (inclusive) to {@code to} (exclusive) of every model, one every 100 ms of event time; at
     * {@code perSecond} events per model per second of wall time when it is above 0, while {@code producing} holds.
     */
    private static void produce(LocalStack stack, List<String> names, int features, long t0, int from, int to, AtomicBoolean producing,
                                int perSecond) throws Exception {
        Random random = new Random(from);
        long started = System.nanoTime();
        try (KafkaProducer<String, Object> producer = AppRuns.avroProducer(stack)) {
            for (int i = from; i < to && producing.get(); i++) {
                long time = t0 + i * 100L;
                for (String model : names) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int f = 0; f < features; f++) {
                        values.put("f" + f, random.nextGaussian() + (i > 4_000 && f < 5 ? 1.0 : 0));
                    }
                    producer.send(new ProducerRecord<>(Topics.FEATURES, null, time, model, FeaturesObserved.newBuilder()
                            .setEventId(model + "-" + i).setRequestId(model + "-r" + i).setModelId(model).setModelVersion("v1")
                            .setEventTime(Instant.ofEpochMilli(time)).setFeatures(values).build()));
                }
                if (perSecond > 0) {
                    long due = started + (long) ((i - from + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        }
    }

    private static Map<String, String> env(LocalStack stack, String app, Path stateDir, int standby) {
        Map<String, String> env = AppRuns.instanceEnv(stack, app, stateDir);
        env.put("SHEPHERD_STANDBY_REPLICAS", Integer.toString(standby));
        env.put("SHEPHERD_KAFKA_SESSION_TIMEOUT_MS", Long.toString(SESSION_TIMEOUT_MS));
        return env;
    }
}
