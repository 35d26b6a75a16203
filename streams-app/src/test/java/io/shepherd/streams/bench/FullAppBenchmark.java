package io.shepherd.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;
import io.shepherd.streams.StreamsApp;
import io.shepherd.streams.StreamsAppConfig;
import io.shepherd.streams.performance.PerformanceTopology;

/**
 * Events per second through the whole streams app (drift, serving health and liveness, performance against delayed
 * labels, the health combiner) on a real local broker, as a ratio to an identity Kafka Streams app that copies the
 * three input topics as bytes to topics of its own, in the same JVM, on the same input, with the same guarantee and
 * commit interval. Then the size of the join's pending-predictions store per million predictions waiting for labels.
 * Run it with {@code streams-app/bench --full} from the repository root.
 *
 * <p>Timing is that of {@link ThroughputBenchmark}: input produced once, rounds of identity and full app in alternating
 * order, each run timed until its group's committed offsets reach the end offsets of the three input topics. Outcomes
 * then still travel through the app's repartition topic; what is left of them there at that moment is reported.
 */
public final class FullAppBenchmark {

    static final String COMMAND = "streams-app/bench --full";
    static final List<String> INPUTS = List.of(Topics.PREDICTIONS, Topics.FEATURES, Topics.OUTCOMES);
    static final Map<String, String> IDENTITY_OUTPUTS = Map.of(Topics.PREDICTIONS, "bench.identity-predictions",
            Topics.FEATURES, "bench.identity-features", Topics.OUTCOMES, "bench.identity-outcomes");
    static final List<String> OUTPUTS = List.of(Topics.DRIFT_SCORES, Topics.PERFORMANCE, Topics.SERVING_HEALTH, Topics.MODEL_HEALTH,
            Topics.DEAD_LETTERS);

    /**
     * What the command line may change. {@code taskIdleMs}, when set, replaces the app's {@code max.task.idle.ms} in
     * both apps (to see what ordering across input topics costs); empty keeps the app's setting.
     */
    record Options(long requests, int models, Duration span, int rounds, boolean atLeastOnce, long commitMs, long pending,
                   Optional<Long> taskIdleMs) {

        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!List.of("--requests", "--models", "--hours", "--rounds", "--commit-ms", "--pending", "--task-idle-ms", "--no-alos")
                        .contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; options: --requests N --models M (multiple of 4) "
                            + "--hours H --rounds R --commit-ms C --pending P (0: no join state run) --task-idle-ms T --no-alos");
                }
                given.put(args[i], args[i].equals("--no-alos") ? "" : args[++i].replace("_", ""));
            }
            return new Options(Long.parseLong(given.getOrDefault("--requests", "100000")),
                    Integer.parseInt(given.getOrDefault("--models", "8")),
                    Duration.ofMinutes(Math.round(Double.parseDouble(given.getOrDefault("--hours", "4")) * 60)),
                    Integer.parseInt(given.getOrDefault("--rounds", "3")), !given.containsKey("--no-alos"),
                    Long.parseLong(given.getOrDefault("--commit-ms", Long.toString(ThroughputBenchmark.COMMIT_INTERVAL_MS))),
                    Long.parseLong(given.getOrDefault("--pending", "200000")),
                    Optional.ofNullable(given.get("--task-idle-ms")).map(Long::parseLong));
        }

        Properties streamsProperties(StreamsAppConfig config) {
            Properties props = config.streamsProperties();
            taskIdleMs.ifPresent(ms -> props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, ms));
            return props;
        }
    }

    /** One timed run; for the full app also what it published per output topic and the outcomes left to re-key. */
    record Run(int round, String guarantee, String app, int order, AppRun.Timing timing, Map<String, Long> published,
               long outcomesInFlight) {
    }

    private FullAppBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String loadAtStart = BenchReport.loadAverage();
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(".shepherd")), "bench-full-");
        List<Run> runs = new ArrayList<>();
        Optional<FullAppJoinState.Result> join = Optional.empty();
        FullAppData.Input input;
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start(new StackOptions(dataDir.resolve("stack"), 0, 0, 0, 0, false));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(IDENTITY_OUTPUTS.values().stream().map(t -> new NewTopic(t, 4, (short) 1)).toList()).all().get();
            List<String> models = BenchData.balancedModels(options.models(), 4);
            long last = System.currentTimeMillis() / 3_600_000L * 3_600_000L - 3_600_000L;
            long first = last - options.span().toMillis();
            // Deployed before the join state run's predictions too, which come before these (event time only grows).
            FullAppData.deploy(stack.bootstrapServers(), stack.registryUrl(), models, first - 2 * options.span().toMillis() - 60_000);
            input = FullAppData.produce(stack.bootstrapServers(), stack.registryUrl(), models, options.requests(), first,
                    options.span().toMillis(), "req-", FullAppData.Shape.SERVING_STREAM);
            Map<TopicPartition, Long> ends = endOffsets(admin, INPUTS);
            FullAppReport.printInput(options, models, input, loadAtStart,
                    options.streamsProperties(config(stack, dataDir, options, "bench-settings", ThroughputBenchmark.EOS)));
            List<String> guarantees = options.atLeastOnce() ? List.of(ThroughputBenchmark.EOS, ThroughputBenchmark.ALOS)
                    : List.of(ThroughputBenchmark.EOS);
            for (int round = 1; round <= options.rounds(); round++) {
                for (String guarantee : guarantees) {
                    for (int order = 1; order <= 2; order++) {
                        boolean identity = (order == 1) == (round % 2 == 1);
                        Run run = identity ? identity(stack, admin, dataDir, options, round, guarantee, order, ends)
                                : full(stack, admin, dataDir, options, round, guarantee, order, ends);
                        FullAppReport.printRun(run);
                        runs.add(run);
                    }
                }
            }
            if (options.pending() > 0) {
                join = Optional.of(FullAppJoinState.measure(stack, admin, models, options.pending(), first, options.span().toMillis(),
                        n -> config(stack, dataDir, options, "bench-join-" + n, ThroughputBenchmark.EOS), options::streamsProperties));
            }
        } finally {
            AppRun.deleteTree(dataDir.resolve("state"));
            LocalStack.wipe(dataDir.resolve("stack"));
            AppRun.deleteTree(dataDir);
        }
        FullAppReport.printSummary(options, input, runs);
        join.ifPresent(FullAppReport::printJoinState);
        System.out.printf("%nTotal benchmark time: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static Run identity(LocalStack stack, Admin admin, Path dataDir, Options options, int round, String guarantee, int order,
                                Map<TopicPartition, Long> ends) throws Exception {
        StreamsAppConfig config = config(stack, dataDir, options, "bench-full-identity-" + ThroughputBenchmark.shortName(guarantee)
                + "-r" + round, guarantee);
        Topology topology = new Topology();
        for (String input : INPUTS) {
            topology.addSource("identity-source-" + input, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input);
            topology.addSink("identity-sink-" + input, IDENTITY_OUTPUTS.get(input), new ByteArraySerializer(), new ByteArraySerializer(),
                    "identity-source-" + input);
        }
        AppRun.Timing timing = AppRun.run(config.applicationId(), admin, topology, options.streamsProperties(config), ends);
        return new Run(round, guarantee, "identity", order, timing, Map.of(), 0);
    }

    private static Run full(LocalStack stack, Admin admin, Path dataDir, Options options, int round, String guarantee, int order,
                            Map<TopicPartition, Long> ends) throws Exception {
        StreamsAppConfig config = config(stack, dataDir, options, "bench-full-app-" + ThroughputBenchmark.shortName(guarantee)
                + "-r" + round, guarantee);
        Map<TopicPartition, Long> before = endOffsets(admin, OUTPUTS);
        String repartition = config.applicationId() + "-" + PerformanceTopology.OUTCOMES_BY_MODEL + "-repartition";
        AppRun.Timing timing = AppRun.run(config.applicationId(), admin, StreamsApp.topology(config), options.streamsProperties(config), ends);
        Map<String, Long> published = new LinkedHashMap<>();
        for (String topic : OUTPUTS) {
            if (!topic.equals(Topics.DEAD_LETTERS)) {
                published.put(topic, TopicScan.scan(stack.bootstrapServers(), topic, before, r -> { }));
            }
        }
        published.putAll(deadLetters(stack, before));
        return new Run(round, guarantee, "full", order, timing, published, inFlight(stack, admin, config.applicationId(), repartition));
    }

    /** Dead letters by reason (one app runs at a time, so all of them are this run's). */
    private static Map<String, Long> deadLetters(LocalStack stack, Map<TopicPartition, Long> from) {
        Map<String, Long> byReason = new TreeMap<>();
        try (AvroDeserializer<DeadLettered> letters = new AvroDeserializer<>(DeadLettered.class)) {
            letters.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
            TopicScan.scan(stack.bootstrapServers(), Topics.DEAD_LETTERS, from, record -> {
                DeadLettered letter = letters.deserialize(Topics.DEAD_LETTERS, record.value());
                byReason.merge("dead letters " + letter.getReason() + " from " + letter.getSourceTopic(), 1L, Long::sum);
            });
        }
        return byReason;
    }

    /** Outcomes the app had re-keyed but not yet joined when its inputs were all committed: records after its committed offsets. */
    private static long inFlight(LocalStack stack, Admin admin, String group, String repartition) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
            if (tp.topic().equals(repartition) && o != null) {
                committed.put(tp, o.offset());
            }
        });
        return TopicScan.scan(stack.bootstrapServers(), repartition, committed, r -> { });
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        topics.forEach(t -> ends.putAll(TopicScan.endOffsets(admin, t)));
        return ends;
    }

    /** The real app's configuration: one stream thread, the commit interval asked for, a fresh application id and state dir. */
    private static StreamsAppConfig config(LocalStack stack, Path dataDir, Options options, String appId, String guarantee) {
        try {
            Path stateDir = AppRun.freshStateDir(dataDir.resolve("state"), appId);
            return new StreamsAppConfig(stack.bootstrapServers(), stack.registryUrl(), appId, guarantee, stateDir, 1,
                    options.commitMs(), Optional.empty(), io.shepherd.streams.pending.PendingSettings.DEFAULTS,
                io.shepherd.streams.window.VersionClock.DEFAULT, "127.0.0.1", 0, "lz4",
                io.shepherd.config.KafkaClientSettings.NONE,
                io.shepherd.config.RegistryClientSettings.NONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
