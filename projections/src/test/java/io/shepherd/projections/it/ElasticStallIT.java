package io.shepherd.projections.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftVerdict;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * Elasticsearch frozen (SIGSTOP of the node this test JVM's stack started) past the slow-request threshold: the
 * projections say so in a log line, a counter, the waiting gauge and the health detail, and lose or duplicate nothing
 * once it thaws.
 */
@ExtendWith(LocalStackExtension.class)
class ElasticStallIT {

    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(12, ChronoUnit.HOURS).toEpochMilli();
    private static final RunnerOptions FAST = new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));
    private static final Duration SLOW_AFTER = Duration.ofSeconds(1);
    private static final Pattern SLOW_TOTAL = Pattern.compile("(?m)^shepherd_projections_slow_bulk_requests_total (\\d+)$");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFrozenElasticsearchIsLoggedCountedAndShownUntilItAnswersAndNothingIsLostOrDuplicated(LocalStack stack)
            throws Exception {
        String model = "stall-it";
        Events events = new Events(model, "v1");
        ListAppender<ILoggingEvent> logged = capture("io.shepherd.projections.sink.StallWatch");
        try (Harness harness = new Harness(stack);
             ProjectionService service = ProjectionService.start(harness.config(Harness.group("stall-it")),
                     SinkOptions.defaults().withSlowRequestAfter(SLOW_AFTER), FAST)) {
            int sent = 0;
            for (; sent < 20; sent++) {
                harness.send(Topics.DRIFT_SCORES, model, events.drift("f" + sent, T0, 0.1, DriftVerdict.NO_DRIFT));
            }
            int before = sent;
            Harness.await("the first 20 documents", Duration.ofSeconds(60), () -> harness.count(ProjectionIndex.DRIFT_SCORES, model) == before);
            // A fresh index can take longer than the short threshold to create: count from here, once every answer
            // was handled (lag 0 measured after the documents were there).
            long written = System.currentTimeMillis();
            Harness.await("lag 0 after the first 20 documents", Duration.ofSeconds(20), () ->
                    service.pipeline().runner().lag().measuredAtMillis() > written && service.pipeline().runner().lag().total() == 0);
            assertThat(metrics(service)).contains("shepherd_projections_waiting_for_elasticsearch 0\n");
            long slowBefore = slowTotal(metrics(service));
            synchronized (logged.list) {
                logged.list.clear();
            }

            long pid = stack.elasticsearch().pid();
            signal("STOP", pid);
            try {
                for (; sent < 50; sent++) {
                    harness.send(Topics.DRIFT_SCORES, model, events.drift("f" + sent, T0, 0.1, DriftVerdict.NO_DRIFT));
                }
                // Frozen until every request sent since is past the threshold (they go out within the flush
                // interval), so that the thaw ends one stall: a real-time wait, the threshold is short.
                long outlasted = System.nanoTime() + SLOW_AFTER.plusMillis(700).toNanos();
                Harness.await("the waiting gauge at 1", Duration.ofSeconds(20),
                        () -> metrics(service).contains("shepherd_projections_waiting_for_elasticsearch 1\n"));
                Harness.await("the freeze to outlast the threshold", Duration.ofSeconds(5), () -> System.nanoTime() > outlasted);
                String stalled = metrics(service);
                assertThat(slowTotal(stalled)).as("slow bulk requests").isGreaterThan(slowBefore);
                assertThat(stalled).contains("shepherd_projections_failed_bulk_requests_total 0\n");
                HttpResponse<String> health = get(service, "/health");
                assertThat(health.body()).contains("waiting for Elasticsearch: ", "bulk request(s) unanswered for up to");
                assertThat(messages(logged)).anyMatch(m -> m.startsWith("Elasticsearch has not answered a bulk request for ")
                        && m.contains("operations pending"));
            } finally {
                signal("CONT", pid);
            }

            int total = sent;
            Harness.await(total + " documents after the thaw", Duration.ofSeconds(60),
                    () -> harness.count(ProjectionIndex.DRIFT_SCORES, model) == total);
            Harness.await("the waiting gauge back at 0", Duration.ofSeconds(20),
                    () -> metrics(service).contains("shepherd_projections_waiting_for_elasticsearch 0\n"));
            assertThat(harness.documents(ProjectionIndex.DRIFT_SCORES, model)).hasSize(total);
            assertThat(metrics(service)).contains("shepherd_projections_failed_bulk_requests_total 0\n");
            assertThat(get(service, "/health").body()).doesNotContain("waiting for Elasticsearch");
            assertThat(messages(logged)).anyMatch(m -> m.startsWith("Elasticsearch answered the stalled bulk requests; the wait lasted "));
            assertThat(messages(logged).stream().filter(m -> m.startsWith("Elasticsearch has not answered"))).hasSize(1);
        } finally {
            ((Logger) LoggerFactory.getLogger("io.shepherd.projections.sink.StallWatch")).detachAppender(logged);
        }
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
        return appender;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        assertThat(exit).as("kill -" + signal + " " + pid).isZero();
    }

    private static long slowTotal(String metrics) {
        Matcher m = SLOW_TOTAL.matcher(metrics);
        assertThat(m.find()).as("the slow bulk request counter in " + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String metrics(ProjectionService service) {
        try {
            return get(service, "/metrics").body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(ProjectionService service, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.monitoringPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
