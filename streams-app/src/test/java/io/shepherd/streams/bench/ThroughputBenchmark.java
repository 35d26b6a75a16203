package io.shepherd.streams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import io.shepherd.streams.drift.DriftProcessor;

/**
 * Events per second through the real drift topology on a real local broker, as a ratio to an identity Kafka Streams
 * app (bytes from the features topic to a topic of its own) run in the same JVM, on the same input, with the same
 * guarantee and commit interval: the ratio cancels out the machine and the broker. Also reports the state the drift
 * app keeps (its changelogs) and what it dead-lettered. Run it with {@code streams-app/bench} from the repository root.
 *
 * <p>The input is produced once (Avro-serialized before any app runs); then each round runs the identity app and the
 * drift app one after the other, alternating which goes first, under exactly-once and (unless {@code --no-alos})
 * at-least-once. Each run has its own application id and state dir and reads the input from the earliest offset; it
 * is timed until its group's committed offsets reach the end offsets of the input topic.
 */
public final class ThroughputBenchmark {

    static final String COMMAND = "streams-app/bench";
    static final String EOS = StreamsConfig.EXACTLY_ONCE_V2;
    static final String ALOS = StreamsConfig.AT_LEAST_ONCE;
    /** The app's default; {@code --commit-ms} changes it for both apps alike. */
    static final long COMMIT_INTERVAL_MS = 100;
    static final String IDENTITY_OUTPUT = "bench.identity-output";

    /** What the command line may change. */
    record Options(long events, int models, Duration span, int rounds, boolean atLeastOnce, long commitMs) {

        static Options parse(String[] args) {
            Options o = new Options(400_000, 8, Duration.ofHours(4), 5, true, COMMIT_INTERVAL_MS);
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--events" -> o = new Options(Long.parseLong(value.replace("_", "")), o.models, o.span, o.rounds, o.atLeastOnce, o.commitMs);
                    case "--models" -> o = new Options(o.events, Integer.parseInt(value), o.span, o.rounds, o.atLeastOnce, o.commitMs);
                    case "--hours" -> o = new Options(o.events, o.models, Duration.ofMinutes(Math.round(Double.parseDouble(value) * 60)),
                            o.rounds, o.atLeastOnce, o.commitMs);
                    case "--rounds" -> o = new Options(o.events, o.models, o.span, Integer.parseInt(value), o.atLeastOnce, o.commitMs);
                    case "--commit-ms" -> o = new Options(o.events, o.models, o.span, o.rounds, o.atLeastOnce, Long.parseLong(value));
                    case "--no-alos" -> {
                        o = new Options(o.events, o.models, o.span, o.rounds, false, o.commitMs);
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --events N --models M (multiple of 4) --hours H --rounds R --commit-ms C --no-alos");
                }
                i++;
            }
            return o;
        }
    }

    /** One timed run; for drift runs also what it published and, under exactly-once, its state. */
    record Run(int round, String guarantee, String app, int order, AppRun.Timing timing, Map<String, Long> deadLetters,
               long scores, long healthChanges, Optional<List<TopicScan.ChangelogSize>> state) {
    }

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String loadAtStart = BenchReport.loadAverage();
        // Under the git-ignored .shepherd folder of the working directory (the repository root when run by the script).
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(".shepherd")), "bench-throughput-");
        List<Run> runs = new ArrayList<>();
        BenchData.Input input;
        long started = System.nanoTime();
        try (LocalStack stack = LocalStack.start(new StackOptions(dataDir.resolve("stack"), 0, 0, 0, 0, false));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(IDENTITY_OUTPUT, 4, (short) 1))).all().get();
            List<String> models = BenchData.balancedModels(options.models(), 4);
            input = BenchData.produce(stack.bootstrapServers(), stack.registryUrl(), models, options.events(), options.span().toMillis());
            Map<TopicPartition, Long> ends = TopicScan.endOffsets(admin, Topics.FEATURES);
            BenchReport.printInput(options, input, ends, loadAtStart,
                    config(stack, dataDir, options, "bench-settings", EOS).streamsProperties());
            List<String> guarantees = options.atLeastOnce() ? List.of(EOS, ALOS) : List.of(EOS);
            for (int round = 1; round <= options.rounds(); round++) {
                for (String guarantee : guarantees) {
                    boolean identityFirst = round % 2 == 1;
                    for (int order = 1; order <= 2; order++) {
                        boolean identity = (order == 1) == identityFirst;
                        Run run = identity ? identity(stack, admin, dataDir, options, round, guarantee, order, ends)
                                : drift(stack, admin, dataDir, options, round, guarantee, order, ends);
                        BenchReport.printRun(run);
                        runs.add(run);
                    }
                }
            }
        } finally {
            AppRun.deleteTree(dataDir.resolve("state"));
            LocalStack.wipe(dataDir.resolve("stack"));
            AppRun.deleteTree(dataDir);
        }
        BenchReport.printSummary(options, input, runs, (System.nanoTime() - started) / 1e9);
    }

    private static Run identity(LocalStack stack, Admin admin, Path dataDir, Options options, int round, String guarantee, int order,
                                Map<TopicPartition, Long> ends) throws Exception {
        StreamsAppConfig config = config(stack, dataDir, options, "bench-identity-" + shortName(guarantee) + "-r" + round, guarantee);
        Topology topology = new Topology();
        topology.addSource("identity-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.FEATURES);
        topology.addSink("identity-sink", IDENTITY_OUTPUT, new ByteArraySerializer(), new ByteArraySerializer(), "identity-source");
        AppRun.Timing timing = AppRun.run(config.applicationId(), admin, topology, config.streamsProperties(), ends);
        return new Run(round, guarantee, "identity", order, timing, Map.of(), 0, 0, Optional.empty());
    }

    private static Run drift(LocalStack stack, Admin admin, Path dataDir, Options options, int round, String guarantee, int order,
                             Map<TopicPartition, Long> ends) throws Exception {
        StreamsAppConfig config = config(stack, dataDir, options, "bench-drift-" + shortName(guarantee) + "-r" + round, guarantee);
        Map<TopicPartition, Long> scoresBefore = TopicScan.endOffsets(admin, Topics.DRIFT_SCORES);
        Map<TopicPartition, Long> healthBefore = TopicScan.endOffsets(admin, Topics.MODEL_HEALTH);
        Map<TopicPartition, Long> deadBefore = TopicScan.endOffsets(admin, Topics.DEAD_LETTERS);
        Properties props = config.streamsProperties();
        AppRun.Timing timing = AppRun.run(config.applicationId(), admin, StreamsApp.topology(config), props, ends);
        String bootstrap = stack.bootstrapServers();
        long scores = TopicScan.scan(bootstrap, Topics.DRIFT_SCORES, scoresBefore, r -> { });
        long health = TopicScan.scan(bootstrap, Topics.MODEL_HEALTH, healthBefore, r -> { });
        Map<String, Long> dead = deadLetters(bootstrap, stack.registryUrl(), config.applicationId(), deadBefore);
        Optional<List<TopicScan.ChangelogSize>> state = guarantee.equals(EOS)
                ? Optional.of(List.of(DriftProcessor.PANES, DriftProcessor.REFERENCES, DriftProcessor.PROGRESS).stream()
                        .map(store -> TopicScan.changelog(bootstrap, config.applicationId() + "-" + store + "-changelog")).toList())
                : Optional.empty();
        return new Run(round, guarantee, "drift", order, timing, dead, scores, health, state);
    }

    /** Dead letters this app wrote, by reason. */
    private static Map<String, Long> deadLetters(String bootstrap, String registryUrl, String appId, Map<TopicPartition, Long> from) {
        Map<String, Long> byReason = new TreeMap<>();
        try (AvroDeserializer<DeadLettered> letters = new AvroDeserializer<>(DeadLettered.class)) {
            letters.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
            TopicScan.scan(bootstrap, Topics.DEAD_LETTERS, from, record -> {
                DeadLettered letter = letters.deserialize(Topics.DEAD_LETTERS, record.value());
                if (letter.getApplication().equals(appId)) {
                    byReason.merge(letter.getReason() + ": " + abbreviate(letter.getDetail()), 1L, Long::sum);
                }
            });
        }
        return byReason;
    }

    /** The real app's configuration: one stream thread, the commit interval asked for, a fresh application id and state dir. */
    private static StreamsAppConfig config(LocalStack stack, Path dataDir, Options options, String appId, String guarantee)
            throws Exception {
        Path stateDir = AppRun.freshStateDir(dataDir.resolve("state"), appId);
        return new StreamsAppConfig(stack.bootstrapServers(), stack.registryUrl(), appId, guarantee, stateDir, 1,
                options.commitMs(), Optional.empty(), io.shepherd.streams.pending.PendingSettings.DEFAULTS,
                io.shepherd.streams.window.VersionClock.DEFAULT, "127.0.0.1", 0, "lz4",
                io.shepherd.config.KafkaClientSettings.NONE,
                io.shepherd.config.RegistryClientSettings.NONE);
    }

    static String shortName(String guarantee) {
        return guarantee.equals(EOS) ? "eos" : "alos";
    }

    private static String abbreviate(String detail) {
        String d = detail == null ? "" : detail.replaceAll("[0-9]{6,}", "#");
        return d.length() > 80 ? d.substring(0, 80) + "..." : d;
    }
}
