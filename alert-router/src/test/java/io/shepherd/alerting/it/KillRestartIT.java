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

/**
 * A router killed with SIGKILL after it took a CRITICAL in and before its group was due: the restarted router, with
 * the same instance id, takes the dead one's partitions back at once (static membership), rebuilds the alert from the
 * health topic and tells every receiver exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class KillRestartIT {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aRouterKilledBeforeItsGroupWasDueNotifiesEveryoneOnceAfterARestartThatResumesWithinSeconds(LocalStack stack) throws Exception {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        String later = "ranker-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        Predicate<JsonNode> ofLater = n -> n.toString().contains(later);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("5s", "5s"))) {
            it.settings.put("SHEPHERD_INSTANCE_ID", "router-it-" + UUID.randomUUID());
            try (ChildRouter first = ChildRouter.start(it, "first")) {
                RecordMetadata critical = it.health(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.CRITICAL, T0,
                        "PERFORMANCE_DROP"));
                await("the first router's group committed the CRITICAL", () -> committed(it, critical));
                first.kill();
            }
            assertThat(it.slack.all(ofModel)).as("killed before the group wait ended").isEmpty();
            assertThat(it.events(Topics.ALERTS, model)).as("the alert was announced before the kill").hasSize(1);

            try (ChildRouter second = ChildRouter.start(it, "second")) {
                it.health(Events.health(later, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.EMERGENCY, T0, "PERFORMANCE_DROP"));
                await("Slack hears about a health change published after the restart", () -> !it.slack.accepted(ofLater).isEmpty());
                Duration resumed = Duration.ofNanos(it.slack.arrivals(ofLater).get(0) - second.startedNanos());
                System.out.println("restarted router (new JVM) start -> Slack message about a new EMERGENCY: " + resumed.toMillis() + " ms; log "
                        + second.log());
                assertThat(resumed).isLessThan(Duration.ofSeconds(10));

                await("Slack hears the CRITICAL taken in before the kill", () -> !it.slack.accepted(ofModel).isEmpty());
                await("PagerDuty hears it", () -> !it.pagerDuty.accepted(ofModel).isEmpty());
                await("an investigation is opened", () -> !it.events(Topics.INVESTIGATIONS, model).isEmpty());
                RouterFixture.quietFor(Duration.ofSeconds(3));

                assertThat(it.slack.all(ofModel)).hasSize(1);
                assertThat(it.slack.all(ofModel).get(0).path("text").asText()).startsWith("[FIRING:1 CRITICAL] " + model + " v1: performance drop");
                assertThat(it.pagerDuty.all(ofModel)).hasSize(1);
                assertThat(it.events(Topics.INVESTIGATIONS, model)).hasSize(1);
                assertThat(it.events(Topics.ALERTS, model)).as("the replay announced nothing again").hasSize(1);
                assertThat(second.alive()).isTrue();
            }
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
