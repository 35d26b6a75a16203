package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class RestartIT {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aRouterKilledBetweenNotifyAndCommitNotifiesNobodyTwiceAndLosesNothing(LocalStack stack) throws Exception {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.lifecycle(Events.deployed(model, "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(1))));
            it.startRouter();
            RecordMetadata warning = it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.WARNING, T0, "DRIFT"));
            await("Slack hears the warning", () -> it.slack.accepted(ofModel).size() == 1);
            it.stopRouter();
            it.uncommit(warning);
            it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.WARNING, HealthLevel.CRITICAL, T0.plusSeconds(3600),
                    "PERFORMANCE_DROP"));

            it.startRouter();
            await("PagerDuty hears the critical alert sent while the router was down", () -> it.pagerDuty.accepted(ofModel).size() == 1);
            await("Slack hears it too", () -> it.slack.accepted(ofModel).size() == 2);
            RouterFixture.quietFor(Duration.ofSeconds(2));

            assertThat(it.slack.all(ofModel)).hasSize(2);
            assertThat(it.slack.all(ofModel).get(0).path("text").asText()).startsWith("[FIRING:1 WARNING] " + model + " v1: drift");
            assertThat(it.slack.all(ofModel).get(1).path("text").asText()).startsWith("[FIRING:1 CRITICAL] " + model + " v1: performance drop")
                    .as("an event without sources holds its causes at the overall level: DRIFT is no longer named")
                    .contains(model + " v1 RESOLVED (recovered): drift, WARNING for 1 h");
            assertThat(it.pagerDuty.all(ofModel)).hasSize(1);
            assertThat(it.events(Topics.INVESTIGATIONS, model)).hasSize(1);
        }
    }

    @Test
    void aRouterKilledDuringTheGroupWaitNotifiesAfterItsRestart(LocalStack stack) throws Exception {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("20s", "20s"))) {
            it.startRouter();
            RecordMetadata warning = it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.WARNING, T0, "DRIFT"));
            await("the warning is committed", () -> committed(it, warning));
            it.stopRouter();
            assertThat(it.slack.all(ofModel)).isEmpty();

            it.startRouter();
            await("Slack hears the warning after the restart", () -> it.slack.accepted(ofModel).size() == 1);
            assertThat(it.events(Topics.ALERTS, model)).as("the alert was announced once, before the restart").hasSize(1);
        }
    }

    private static boolean committed(RouterFixture it, RecordMetadata record) {
        try {
            return it.committed(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
