package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class ReceiverFailureIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void throttlingAndServerErrorsAreRetriedUntilAcceptedAndARejectionIsReportedWithoutBlockingOtherAlerts(LocalStack stack) throws Exception {
        String model = "ranker-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "pricing-" + UUID.randomUUID().toString().substring(0, 8);
        Predicate<JsonNode> ofModel = n -> n.toString().contains(model);
        Predicate<JsonNode> ofOther = n -> n.toString().contains(other);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.pagerDuty.answerNext(new RecordingReceiver.Reply(429, "1", "{\"status\":\"throttle event\"}"),
                    new RecordingReceiver.Reply(500, null, null), new RecordingReceiver.Reply(503, null, null));
            it.slack.answerNext(new RecordingReceiver.Reply(400, null, "invalid_blocks"));
            it.startRouter();

            it.health(Events.health(model, "v3", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.CRITICAL, T0, "PERFORMANCE_DROP"));
            await("PagerDuty accepts after three failures", () -> it.pagerDuty.accepted(ofModel).size() == 1);
            it.health(Events.health(other, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.WARNING, T0, "DRIFT"));
            await("Slack takes the other model's warning", () -> it.slack.accepted(ofOther).size() == 1);
            RouterFixture.quietFor(Duration.ofSeconds(2));

            List<JsonNode> attempts = it.pagerDuty.all(ofModel);
            assertThat(attempts).hasSize(4).allSatisfy(a -> assertThat(a).isEqualTo(attempts.get(0)));
            List<Long> arrivals = it.pagerDuty.arrivals(ofModel);
            assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).as("Retry-After: 1 is honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(it.slack.all(ofModel)).as("a 400 is not retried").hasSize(1);
            String metrics = it.get("/actuator/prometheus");
            assertThat(metrics).containsPattern("shepherd_notifications_total\\{[^}]*integration=\"slack\"[^}]*outcome=\"rejected\"[^}]*} 1.0");
            assertThat(metrics).containsPattern("shepherd_notifications_retried_total\\{[^}]*integration=\"pagerduty\"[^}]*} 3.0");
            assertThat(metrics).containsPattern("shepherd_notifications_failed_total\\{[^}]*integration=\"pagerduty\"[^}]*} 3.0");
            assertThat(metrics).containsPattern("shepherd_notifications_failed_total\\{[^}]*integration=\"slack\"[^}]*} 1.0");
        }
    }
}
