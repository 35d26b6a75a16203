package io.shepherd.systembench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;

import io.shepherd.contract.Topics;
import io.shepherd.simulator.demo.ServiceSet;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;

/**
 * Benchmark 3, throughput of the whole system: the streams app, the alert router and the projections (child JVMs,
 * full JIT, Slack and PagerDuty to the local receiver, Elasticsearch real) work through a backlog of the simulated
 * fleet's traffic ({@link Backlog}); done when the streams app has committed every input record and the router and the
 * projections have committed everything the system wrote for them. Against the identity Streams app (child JVM, same
 * settings) copying the same backlog on the same broker, in the same round. Each round has its own stack; the order of
 * the two alternates between rounds.
 */
final class WholeSystemBenchmark {

    static final String STREAMS_GROUP = "shepherd-streams";
    static final List<String> DOWNSTREAM_GROUPS = List.of("shepherd-alert-router", "shepherd-projections");

    record Options(int rounds, Duration span, double rateScale, Duration timeout) {
    }

    /** One round: the two runs and what the system made of the backlog. */
    record Round(int round, boolean identityFirst, Backlog.Produced backlog, long records, Drain identity, Drain system,
                 Map<String, Long> made, long documents, int notifications) {
    }

    private final Options options;
    private final Map<String, String> classpaths;
    private final Consumer<String> say;

    WholeSystemBenchmark(Options options, Map<String, String> classpaths, Consumer<String> say) {
        this.options = options;
        this.classpaths = classpaths;
        this.say = say;
    }

    List<Round> run(Path dir) throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            Path roundDir = dir.resolve("system-r" + round);
            try (LocalStack stack = LocalStack.start(new StackOptions(roundDir.resolve("stack"), 0, 0, 0, 0, true));
                 Progress progress = new Progress(stack.bootstrapServers())) {
                if (stack.elasticsearchUrl().isEmpty()) {
                    throw new IllegalStateException("Elasticsearch did not start: " + stack.elasticsearchAbsence().orElse("?"));
                }
                Backlog.Produced backlog = Backlog.produce(stack.bootstrapServers(), stack.registryUrl(), options.span(), options.rateScale(), round);
                Map<TopicPartition, Long> ends = progress.endOffsets(IdentityApp.INPUTS);
                long records = ends.values().stream().mapToLong(Long::longValue).sum();
                say.accept(Table.f("system round %d: backlog of %d requests, %d records, produced in %.1f s", round, backlog.requests(), records,
                        backlog.seconds()));
                boolean identityFirst = round % 2 == 1;
                Drain identity = null;
                Drain system = null;
                Map<String, Long> made = Map.of();
                long documents = 0;
                int notifications = 0;
                for (int order = 0; order < 2; order++) {
                    if ((order == 0) == identityFirst) {
                        identity = identity(stack, progress, ends, roundDir);
                        say.accept(Table.f("  identity: %.0f records/s steady, %.1f s in all", identity.steadyRate(), identity.totalSeconds()));
                    } else {
                        Map<TopicPartition, Long> before = progress.endOffsets(OUTPUTS);
                        try (ServiceSet services = ServiceSet.start(stack, classpaths, Map.of(), "bench-" + round, WholeSystemBenchmark::jvm,
                                name -> Map.of(), line -> { })) {
                            long started = System.nanoTime();
                            system = Drain.await(services.children(), started, () -> progress.committed(STREAMS_GROUP, ends.keySet()), records,
                                    () -> progress.caughtUp(STREAMS_GROUP) && DOWNSTREAM_GROUPS.stream().allMatch(progress::caughtUp),
                                    options.timeout());
                            made = made(progress, before);
                            documents = documents(stack);
                            notifications = services.receiver().received().size();
                        }
                        say.accept(Table.f("  system: %.0f records/s steady, %.1f s in all; %s; %d documents; %d Slack/PagerDuty messages",
                                system.steadyRate(), system.totalSeconds(), made, documents, notifications));
                    }
                }
                rounds.add(new Round(round, identityFirst, backlog, records, identity, system, made, documents, notifications));
            }
        }
        return rounds;
    }

    /** Full JIT (unlike the demo's quick start), the heap sizes of the ops scripts. */
    private static List<String> jvm(String service) {
        return List.of(service.equals("streams") ? "-Xmx1g" : "-Xmx512m");
    }

    private Drain identity(LocalStack stack, Progress progress, Map<TopicPartition, Long> ends, Path dir) throws Exception {
        GrowthBenchmark.recreate(stack, progress, IdentityApp.INPUTS.stream().map(IdentityApp::outputOf).toList());
        return Drain.streamsApp(stack, progress, "identity", System.getProperty("java.class.path"), IdentityApp.class.getName(),
                "bench-identity", dir.resolve("identity-state"), jvm("streams"), ends, dir.resolve("logs"), options.timeout());
    }

    static final List<String> OUTPUTS = List.of(Topics.DRIFT_SCORES, Topics.PERFORMANCE, Topics.SERVING_HEALTH, Topics.MODEL_HEALTH,
            Topics.ALERTS, Topics.INVESTIGATIONS, Topics.ROLLBACK_COMMANDS, Topics.DEAD_LETTERS);

    /** Offsets each output topic moved by during the system's run (records, plus transaction markers for the streams app's). */
    private static Map<String, Long> made(Progress progress, Map<TopicPartition, Long> before) {
        Map<String, Long> made = new java.util.TreeMap<>();
        progress.endOffsets(OUTPUTS).forEach((tp, end) -> made.merge(tp.topic().replace("shepherd.", ""), end - before.getOrDefault(tp, 0L),
                Long::sum));
        return made;
    }

    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");

    /** Documents in Shepherd's indices after a refresh. */
    private static long documents(LocalStack stack) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = stack.elasticsearchUrl().orElseThrow();
        http.send(HttpRequest.newBuilder(URI.create(base + "/shepherd-*/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/shepherd-*/_count")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = COUNT.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected _count answer: " + body);
        }
        return Long.parseLong(m.group(1));
    }

    /** Table 3 of BENCHMARKS.md. */
    static Table table(List<Round> rounds) {
        Table t = new Table("round", "order", "input records", "identity records/s", "system records/s", "ratio (steady)",
                "identity s (incl. JVM start)", "system s (incl. JVM starts)", "ratio (whole run)", "streams app peak RSS MB", "documents",
                "Slack + PagerDuty messages");
        for (Round r : rounds) {
            t.row(r.round(), r.identityFirst() ? "identity, system" : "system, identity", r.records(), Table.f("%.0f", r.identity().steadyRate()),
                    Table.f("%.0f", r.system().steadyRate()), Table.f("%.2f", r.system().steadyRate() / r.identity().steadyRate()),
                    Table.f("%.1f", r.identity().totalSeconds()), Table.f("%.1f", r.system().totalSeconds()),
                    Table.f("%.2f", r.identity().totalSeconds() / r.system().totalSeconds()), Table.mb(r.system().memory().peakRssBytes()),
                    r.documents(), r.notifications());
        }
        return t;
    }
}
