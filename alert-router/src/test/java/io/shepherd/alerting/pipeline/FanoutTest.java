package io.shepherd.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.mute.Muter;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.notify.Notifier;
import io.shepherd.alerting.notify.RetryPolicy;
import io.shepherd.alerting.notify.http.HttpReply;
import io.shepherd.alerting.notify.http.HttpTransport;
import io.shepherd.alerting.notify.http.JsonPoster;
import io.shepherd.alerting.notify.pagerduty.PagerDutyNotifier;
import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.route.RoutingYaml;
import io.shepherd.alerting.support.Events;
import io.shepherd.alerting.support.MutableClock;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;

/** The lanes of the fan-out, driven by explicit instants: independence, retries, Retry-After, rejections, current truth. */
class FanoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    private static final Instant DUE = T0.plusSeconds(30);
    private static final RoutingConfig ROUTING = RoutingYaml.parse("""
            receivers:
              - name: team
                integrations:
                  - {type: slack}
                  - {type: rollback, levels: [emergency]}
                  - {type: pagerduty, levels: [critical, emergency]}
            route:
              receiver: team
              groupBy: [modelId, modelVersion]
              groupWait: 30s
              groupInterval: 5m
              repeatInterval: 4h
            """);

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, NotificationEntry> stored = new HashMap<>();
    private final NotificationLog nflog = new NotificationLog(entry -> stored.put(entry.key(), entry));
    private final ScriptedNotifier slack = new ScriptedNotifier("slack");
    private final ScriptedNotifier pagerDuty = new ScriptedNotifier("pagerduty");
    private final ScriptedNotifier rollback = new ScriptedNotifier("rollback");
    private final AtomicBoolean rollbackInProgress = new AtomicBoolean();
    private final Muter rollbacks = (alert, now) -> rollbackInProgress.get();
    private final CountingMetrics metrics = new CountingMetrics();

    private Router router(Executor executor, Map<String, Notifier> integrations) {
        return new Router(ROUTING, List.of(rollbacks), nflog, integrations, (topic, key, event) -> { }, metrics, (model, version) -> false,
                new Fanout(executor, RetryPolicy.DEFAULT, clock, metrics));
    }

    private final Router router = router(Runnable::run, Map.of("slack", slack, "pagerduty", pagerDuty, "rollback", rollback));

    private static void health(Router router, String model, Instant at, HealthLevel level, String... causes) {
        router.onHealthChange(HealthChange.of(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, level, at, causes)), at, true);
    }

    private void health(Instant at, HealthLevel level, String... causes) {
        health(router, "m", at, level, causes);
    }

    /** A tick of the flush loop at this instant; attempts run inline and end at the same instant. */
    private void flushAt(Instant at) {
        clock.set(at);
        router.flushDue(at);
    }

    private static Delivery throttled(long retryAfterSeconds) {
        return new Delivery.Retryable("Slack answered HTTP 429", Optional.of(Duration.ofSeconds(retryAfterSeconds)));
    }

    @Test
    void aStuckSlackLaneDelaysNeitherTheRollbackOfItsGroupNorAnotherGroup() throws Exception {
        CountDownLatch slackAnswers = new CountDownLatch(1);
        BlockingQueue<String> told = new LinkedBlockingQueue<>();
        Notifier hangingForM = n -> {
            if (n.firing().get(0).modelId().equals("m")) {
                await(slackAnswers);
            }
            told.add("slack " + n.firing().get(0).modelId());
            return Delivery.DELIVERED;
        };
        Notifier rollbackOf = n -> {
            told.add("rollback " + n.firing().get(0).modelId());
            return Delivery.DELIVERED;
        };
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            Router concurrent = router(executor, Map.of("slack", hangingForM, "rollback", rollbackOf, "pagerduty", pagerDuty));
            health(concurrent, "m", T0, HealthLevel.EMERGENCY, "PERFORMANCE_DROP");
            health(concurrent, "n", T0, HealthLevel.EMERGENCY, "PERFORMANCE_DROP");
            concurrent.flushDue(T0);

            List<String> firstThree = List.of(poll(told), poll(told), poll(told));
            assertThat(firstThree).containsExactlyInAnyOrder("rollback m", "rollback n", "slack n");
            assertThat(told).as("Slack for m is still stuck").isEmpty();
            assertThat(concurrent.notificationStatus()).filteredOn(s -> s.integration().equals("slack"))
                    .singleElement().satisfies(s -> assertThat(s.pending()).isPositive());
            slackAnswers.countDown();
            assertThat(poll(told)).isEqualTo("slack m");
        } finally {
            slackAnswers.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void aThrottledLaneWaitsAsLongAsRetryAfterAsksAndRetriesUntilTheReceiverTakesIt() {
        slack.answer(throttled(30), new Delivery.Retryable("Slack answered HTTP 503", Optional.empty()));
        health(T0, HealthLevel.WARNING, "DRIFT");

        flushAt(DUE);
        flushAt(DUE.plusSeconds(29));
        assertThat(slack.drain()).containsExactly("slack m:[DRIFT=WARNING]");
        assertThat(router.notificationStatus()).singleElement().satisfies(s -> {
            assertThat(s.failingSince()).contains(DUE);
            assertThat(s.failedAttempts()).isEqualTo(1);
            assertThat(s.lastReason()).isEqualTo("Slack answered HTTP 429");
        });

        flushAt(DUE.plusSeconds(30));
        flushAt(DUE.plusSeconds(30).plusMillis(499));
        assertThat(slack.drain()).as("retried after Retry-After, then backing off 500 ms").containsExactly("slack m:[DRIFT=WARNING]");
        flushAt(DUE.plusSeconds(30).plusMillis(500));
        assertThat(slack.drain()).containsExactly("slack m:[DRIFT=WARNING]");

        assertThat(router.notificationStatus()).isEmpty();
        assertThat(stored.get("team/slack/" + groupKey("m")).firing()).containsExactly(Map.entry("m:v1:DRIFT", "WARNING"));
        assertThat(metrics.counts).containsEntry("failed team/slack", 2).containsEntry("retried team/slack", 2).containsEntry("sent team/slack", 1);
        flushAt(DUE.plus(Duration.ofHours(1)));
        assertThat(slack.drain()).isEmpty();
    }

    @Test
    void aRetryAfterTheAlertResolvedSendsTheResolveNotTheLevelThatFailed() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(DUE);
        slack.drain();
        health(T0.plusSeconds(60), HealthLevel.CRITICAL, "DRIFT");
        slack.answer(throttled(20));

        Instant interval = DUE.plus(Duration.ofMinutes(5));
        flushAt(interval);
        health(interval.plusSeconds(5), HealthLevel.NONE);
        flushAt(interval.plusSeconds(20));

        assertThat(slack.drain()).containsExactly("slack m:[DRIFT=CRITICAL]", "slack m:[] resolved [DRIFT]");
        assertThat(pagerDuty.drain()).containsExactly("pagerduty m:[DRIFT=CRITICAL]");
        assertThat(stored.get("team/slack/" + groupKey("m")).firing()).isEmpty();
    }

    @Test
    void aRejectionIsRecordedAndCountedAndNeverRetried() {
        slack.answer(new Delivery.Rejected("Slack answered HTTP 400: invalid_blocks"));
        health(T0, HealthLevel.WARNING, "DRIFT");

        flushAt(DUE);
        flushAt(DUE.plus(Duration.ofMinutes(10)));

        assertThat(slack.drain()).containsExactly("slack m:[DRIFT=WARNING]");
        assertThat(stored.get("team/slack/" + groupKey("m")).outcome()).isEqualTo("rejected: Slack answered HTTP 400: invalid_blocks");
        assertThat(router.notificationStatus()).isEmpty();
        assertThat(metrics.counts).containsEntry("failed team/slack", 1).containsEntry("rejected team/slack", 1).doesNotContainKey("retried team/slack");
    }

    @Test
    void anAlertDueBeforeItWasMutedIsStillToldWhenTheRetryComes() {
        slack.answer(throttled(10));
        health(T0, HealthLevel.EMERGENCY, "PERFORMANCE_DROP");

        flushAt(T0);
        assertThat(rollback.drain()).containsExactly("rollback m:[PERFORMANCE_DROP=EMERGENCY]");
        rollbackInProgress.set(true);
        flushAt(T0.plusSeconds(10));

        assertThat(slack.drain()).containsExactly("slack m:[PERFORMANCE_DROP=EMERGENCY]", "slack m:[PERFORMANCE_DROP=EMERGENCY]");
        assertThat(pagerDuty.drain()).containsExactly("pagerduty m:[PERFORMANCE_DROP=EMERGENCY]");
    }

    @Test
    void aPartlyDeliveredPageRetriesOnlyTheAlertsPagerDutyDidNotTake() {
        List<String> posted = new java.util.ArrayList<>();
        java.util.Deque<Integer> statuses = new java.util.ArrayDeque<>(List.of(202, 500));
        HttpTransport transport = (url, body) -> {
            JsonNode event = JSON.readTree(body);
            posted.add(event.path("event_action").asText() + " " + event.path("dedup_key").asText());
            return new HttpReply(statuses.isEmpty() ? 202 : statuses.poll(), Optional.empty(), "");
        };
        PagerDutyNotifier realPagerDuty = new PagerDutyNotifier(URI.create("http://127.0.0.1:1/v2/enqueue"), "KEY", "http://kibana",
                new JsonPoster(transport));
        Router router = router(Runnable::run, Map.of("slack", slack, "rollback", rollback, "pagerduty", realPagerDuty));
        health(router, "m", T0, HealthLevel.CRITICAL, "DRIFT", "PERFORMANCE_DROP");

        clock.set(DUE);
        router.flushDue(DUE);
        assertThat(stored.get("team/pagerduty/" + groupKey("m")).firing()).containsOnlyKeys("m:v1:DRIFT");
        assertThat(stored.get("team/pagerduty/" + groupKey("m")).outcome()).startsWith("partly delivered");
        clock.set(DUE.plusMillis(250));
        router.flushDue(DUE.plusMillis(250));

        assertThat(posted).containsExactly("trigger shepherd:m:v1:DRIFT", "trigger shepherd:m:v1:PERFORMANCE_DROP",
                "trigger shepherd:m:v1:PERFORMANCE_DROP");
        assertThat(stored.get("team/pagerduty/" + groupKey("m")).firing()).containsOnlyKeys("m:v1:DRIFT", "m:v1:PERFORMANCE_DROP");
    }

    private static String groupKey(String model) {
        return "root:{modelId=\"" + model + "\",modelVersion=\"v1\"}";
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        String next = queue.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a lane answered within 10 s").isNotNull();
        return next;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class CountingMetrics implements RouterMetrics {

        final Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();

        private void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        @Override
        public void alertChanged(io.shepherd.alerting.alert.AlertChange.Kind kind) {
        }

        @Override
        public void notification(String receiver, String integration, String outcome) {
            count(outcome + " " + receiver + "/" + integration);
        }

        @Override
        public void failed(String receiver, String integration) {
            count("failed " + receiver + "/" + integration);
        }

        @Override
        public void retried(String receiver, String integration) {
            count("retried " + receiver + "/" + integration);
        }

        @Override
        public void rollback(String outcome) {
        }

        @Override
        public void lag(Duration lag) {
        }
    }
}
