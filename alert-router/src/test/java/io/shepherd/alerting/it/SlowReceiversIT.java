package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.AlertFired;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * Slack throttling every request and PagerDuty down for 20 s hold back neither the rollback nor each other, readiness
 * names them while they fail, and once they recover each hears everything exactly once. Retry-After: 60 is capped
 * at 2 s here (SHEPHERD_NOTIFY_MAX_RETRY_WAIT) to keep the test short; with the default cap of 60 s Slack would be
 * asked again once a minute, and would hear within a minute of recovering.
 */
@ExtendWith(LocalStackExtension.class)
class SlowReceiversIT {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aThrottledSlackAndAFailingPagerDutyDelayNoRollbackAndEveryoneHearsEverythingOnceTheyRecover(LocalStack stack) throws Exception {
        String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        Predicate<JsonNode> ofOther = n -> n.toString().contains(other);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "1s"))) {
            it.settings.put("SHEPHERD_NOTIFY_MAX_RETRY_WAIT", "PT2S");
            it.lifecycle(Events.deployed(model, "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(2))));
            it.lifecycle(Events.deployed(model, "v2", Variant.CHAMPION, T0.minus(Duration.ofDays(1))));
            it.slack.answerEveryRequest(new RecordingReceiver.Reply(429, "60", "{\"ok\":false,\"error\":\"rate_limited\"}"));
            it.pagerDuty.answerEveryRequestFor(new RecordingReceiver.Reply(500, null, null), Duration.ofSeconds(20));
            it.startRouter();

            it.health(Events.health(other, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.CRITICAL, T0, "PERFORMANCE_DROP"));
            it.health(Events.health(model, "v2", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.EMERGENCY, T0, "PERFORMANCE_DROP", "DRIFT"));
            await("a rollback is requested", () -> it.events(Topics.ROLLBACK_COMMANDS, model).size() == 1);
            Duration toRollback = toRollback(it, model);
            System.out.println("EMERGENCY taken in -> RollbackRequested with Slack throttled and PagerDuty down: " + toRollback.toMillis() + " ms");
            assertThat(toRollback).isLessThan(Duration.ofSeconds(5));
            await("the other model's investigation is opened", () -> it.events(Topics.INVESTIGATIONS, other).size() == 1);

            awaitReadiness(it, 503, body -> body.contains("\"integration\":\"slack\"") && body.contains("\"integration\":\"pagerduty\""));
            String failing = it.http("GET", "/actuator/health/readiness", null).body();
            System.out.println("readiness while failing: " + failing);
            assertThat(failing).contains("\"since\":\"", "\"attempts\":", "Slack answered HTTP 429", "PagerDuty answered HTTP 500")
                    .doesNotContain("/services/T0/B0/secret").doesNotContain(RouterFixture.ROUTING_KEY);
            assertThat(it.http("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);

            await("PagerDuty takes every page once it is back", () -> it.pagerDuty.accepted(ofModel).size() >= 2
                    && it.pagerDuty.accepted(ofOther).size() >= 1);
            it.slack.recover();
            await("Slack takes both groups' messages once it is back", () -> !it.slack.accepted(ofModel).isEmpty()
                    && !it.slack.accepted(ofOther).isEmpty());
            awaitReadiness(it, 200, body -> body.contains("\"status\":\"UP\""));
            RouterFixture.quietFor(Duration.ofSeconds(3));

            assertThat(it.slack.accepted(ofModel)).hasSize(1);
            assertThat(it.slack.accepted(ofModel).get(0).path("text").asText()).contains("EMERGENCY");
            assertThat(it.slack.accepted(ofOther)).hasSize(1);
            // Only this test's models: the router reads the health topic from its start, where earlier tests left theirs.
            assertThat(acceptedPerDedupKey(it, model, other)).containsOnlyKeys("shepherd:" + model + ":v2:PERFORMANCE_DROP", "shepherd:" + model + ":v2:DRIFT",
                    "shepherd:" + other + ":v1:PERFORMANCE_DROP").allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
            assertThat(it.slack.all(ofModel).size()).as("Slack was asked again while it throttled").isGreaterThan(1);
            assertThat(it.get("/actuator/prometheus")).containsPattern("shepherd_notifications_failed_total\\{[^}]*integration=\"slack\"[^}]*}")
                    .containsPattern("shepherd_notifications_failing_seconds\\{[^}]*integration=\"slack\"[^}]*} 0.0");
        }
    }

    /** From the router taking the EMERGENCY in (its AlertFired record) to its RollbackRequested record. */
    private static Duration toRollback(RouterFixture it, String model) {
        long firedAt = it.records(Topics.ALERTS).stream().filter(r -> r.value() instanceof AlertFired fired && fired.getModelId().equals(model)
                && fired.getLevel() == HealthLevel.EMERGENCY).mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long rollbackAt = it.records(Topics.ROLLBACK_COMMANDS).stream()
                .filter(r -> r.value() instanceof RollbackRequested command && command.getModelId().equals(model))
                .mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        return Duration.ofMillis(rollbackAt - firedAt);
    }

    private static Map<String, Long> acceptedPerDedupKey(RouterFixture it, String... models) {
        return it.pagerDuty.accepted().stream().map(n -> n.path("dedup_key").asText())
                .filter(k -> java.util.Arrays.stream(models).anyMatch(m -> k.contains(":" + m + ":")))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    }

    private static void awaitReadiness(RouterFixture it, int status, Predicate<String> body) {
        await("readiness answers " + status, () -> {
            try {
                HttpResponse<String> readiness = it.http("GET", "/actuator/health/readiness", null);
                return readiness.statusCode() == status && body.test(readiness.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
