package io.shepherd.simulator.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.shepherd.config.KafkaClientSettings;
import io.shepherd.simulator.SimulatorConfig;
import io.shepherd.simulator.SimulatorRun;
import io.shepherd.simulator.report.ReportMain;
import io.shepherd.simulator.report.RunData;
import io.shepherd.simulator.report.RunRows;
import io.shepherd.simulator.report.TopicReader;
import io.shepherd.simulator.scenario.Scenarios;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.StackOptions;

/**
 * One run of the demo: starts the local stack, a receiver standing in for Slack and PagerDuty, the streams app, the
 * alert router and the projections as child processes, then the simulator; prints the timeline as Shepherd's output
 * arrives; ends when the scenario has reached its end (for the demo: rollback and recovery). {@link #stop} stops
 * everything it started, writes the report page and says where to look; it runs once, at the end or on Ctrl-C.
 */
public final class DemoRun {

    /** What a caller may watch besides the printed timeline: each output event and each simulator line, with System.nanoTime(). */
    public interface Probe {

        Probe NONE = new Probe() {
        };

        default void onEvent(long nanos, Object event) {
        }

        default void onNews(long nanos, String line) {
        }
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    /** Scenarios without a rollback run this long after their last step. */
    private static final Duration OBSERVE_AFTER_LAST_STEP = Duration.ofSeconds(90);

    private final DemoOptions options;
    private final Probe probe;
    private final StackOptions stackOptions;
    private final Map<String, String> env;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final RunData data = new RunData();
    private final Timeline timeline = new Timeline();
    private final List<ChildService> children = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile LocalStack stack;
    private volatile ServiceSet services;
    private volatile SimulatorRun simulator;
    private volatile Thread readerThread;
    private volatile TopicReader reader;
    private volatile String outcome = "interrupted";

    public DemoRun(DemoOptions options, StackOptions stackOptions, Map<String, String> env, PrintStream out, Probe probe) {
        this.probe = probe;
        this.options = options;
        this.stackOptions = stackOptions;
        this.env = env;
        this.out = out;
    }

    /** @return the exit code: 0 when the scenario reached its end */
    public int run() {
        try {
            say("Shepherd demo, scenario '" + options.scenario() + "': " + Scenarios.byName(options.scenario()).description());
            say("expect: " + Scenarios.byName(options.scenario()).expect());
            startStack();
            String hmacKey = Optional.ofNullable(env.get("SHEPHERD_ROLLBACK_HMAC_KEY")).filter(k -> !k.isBlank()).orElseGet(DemoRun::randomKey);
            startServices(hmacKey);
            startReader();
            simulator = SimulatorRun.start(new SimulatorConfig(stack.bootstrapServers(), stack.registryUrl(), options.scenario(), 1.0, 42,
                    true, Optional.of(hmacKey), KafkaClientSettings.NONE, io.shepherd.config.RegistryClientSettings.NONE), line -> {
                probe.onNews(System.nanoTime(), line);
                say("[simulator] " + line);
            });
            say("simulator started: fraud-scorer 60 req/s, eta-regressor 60 req/s, recs-ranker 30 req/s; labels 2 s after predictions");
            boolean done = awaitEnd();
            outcome = done ? "completed" : "did not complete";
            if (done && options.keepRunning()) {
                say("scenario complete; everything keeps running (--keep-running): Ctrl-C to stop");
                Thread.currentThread().join();
            }
            return done ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            say("FAILED: " + e);
            outcome = "failed: " + e.getMessage();
            return 1;
        }
    }

    private void startStack() throws IOException {
        say("starting the local stack (Kafka, schema registry, Elasticsearch) in " + stackOptions.dataDir() + " ...");
        stack = LocalStack.start(stackOptions);
        say("stack up: Kafka " + stack.bootstrapServers() + ", registry " + stack.registryUrl() + ", Elasticsearch "
                + stack.elasticsearchUrl().orElse("not running (" + stack.elasticsearchAbsence().orElse("?") + ")"));
    }

    private void startServices(String hmacKey) throws IOException {
        boolean fastStart = options.jvm() == DemoOptions.Jvm.FAST_START;
        services = ServiceSet.start(stack, options.services(), env, hmacKey, name -> {
            List<String> jvm = new ArrayList<>(List.of(name.equals("streams") ? "-Xmx768m" : "-Xmx384m"));
            jvm.addAll(fastStart ? List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1") : List.of());
            return jvm;
        }, name -> Map.of(), this::say);
        children.addAll(services.children());
    }

    private void startReader() {
        reader = new TopicReader(stack.bootstrapServers(), stack.registryUrl());
        readerThread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    reader.poll(Duration.ofMillis(300), this::observe);
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // stop() asked the reader to end
            } finally {
                reader.close();
            }
        }, "timeline");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    private synchronized void observe(Object event) {
        probe.onEvent(System.nanoTime(), event);
        RunRows.of(event).ifPresent(data::add);
        timeline.onEvent(event).forEach(this::say);
    }

    private boolean awaitEnd() throws InterruptedException {
        Duration deadline = elapsed().plus(options.timeout());
        Duration nextProgress = elapsed().plus(PROGRESS_EVERY);
        Duration observeUntil = Scenarios.byName(options.scenario()).lastStepAt().plus(OBSERVE_AFTER_LAST_STEP);
        while (true) {
            Thread.sleep(500);
            synchronized (this) {
                if (options.expectsRollback() ? timeline.recoveredAfterRollback() : simulator.simulator().elapsed().compareTo(observeUntil) > 0) {
                    say("scenario complete" + (options.expectsRollback() ? ": rollback applied and the model recovered" : ""));
                    return true;
                }
            }
            if (stopped.get()) {
                return false;
            }
            for (ChildService child : children) {
                if (!child.alive()) {
                    say("FAILED: " + child.name() + " exited; its log: " + child.log());
                    return false;
                }
            }
            if (elapsed().compareTo(deadline) > 0) {
                say("FAILED: no end after " + options.timeout() + "; still waiting for " + timeline.waitingFor());
                return false;
            }
            if (elapsed().compareTo(nextProgress) > 0) {
                nextProgress = nextProgress.plus(PROGRESS_EVERY);
                progress();
            }
        }
    }

    private synchronized void progress() {
        StringBuilder line = new StringBuilder("[progress]  ").append(simulator.simulator().requestsSent()).append(" requests sent");
        timeline.lastMetrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(m -> line.append("; ").append(m.getKey()).append(String.format(" %.3f", m.getValue())));
        if (options.expectsRollback()) {
            line.append("; waiting for ").append(timeline.waitingFor());
        }
        say(line.toString());
    }

    /** The stand-in for Slack and PagerDuty, once the services have started. */
    public Optional<Receiver> receiver() {
        return Optional.ofNullable(services).map(ServiceSet::receiver);
    }

    /** Stops everything this run started, in reverse order, writes the report and says where to look. Runs once. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        say("stopping (" + outcome + ") ...");
        closeQuietly("simulator", () -> {
            if (simulator != null) {
                simulator.close();
            }
        });
        List<String> indices = elasticIndices();
        closeQuietly("services", () -> {
            if (services != null) {
                services.close();
            }
        });
        closeQuietly("timeline", () -> {
            if (reader != null) {
                reader.wakeup();
                readerThread.join(10_000);
            }
        });
        Optional<Path> report = writeReport();
        closeQuietly("local stack", () -> {
            if (stack != null) {
                stack.close();
            }
        });
        out.print(WhereToLook.text(stackOptions.dataDir(), indices, report, services == null ? Optional.empty() : Optional.of(services.receiver()),
                children));
        out.flush();
    }

    private Optional<Path> writeReport() {
        try {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path page = options.reportDir().resolve("shepherd-" + options.scenario() + "-" + stamp + ".html").toAbsolutePath();
            ReportMain.write(page, data.snapshot(), "Shepherd demo: " + options.scenario() + " (" + outcome + ")");
            Files.copy(page, options.reportDir().resolve("latest.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(page);
        } catch (IOException | RuntimeException e) {
            say("the report page could not be written: " + e);
            return Optional.empty();
        }
    }

    private List<String> elasticIndices() {
        if (stack == null || stack.elasticsearchUrl().isEmpty()) {
            return List.of();
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                            URI.create(stack.elasticsearchUrl().get() + "/_cat/indices/shepherd-*?h=index,docs.count&s=index"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.body().lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of("(Elasticsearch did not answer: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void closeQuietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            say("stopping " + what + " failed: " + e);
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private synchronized void say(String line) {
        long s = elapsed().toSeconds();
        out.printf("%02d:%02d  %s%n", s / 60, s % 60, line);
        out.flush();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
