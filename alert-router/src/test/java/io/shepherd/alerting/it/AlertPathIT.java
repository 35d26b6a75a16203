package io.shepherd.alerting.it;

import static io.shepherd.alerting.it.RouterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.shepherd.alerting.rollback.RollbackSigner;
import io.shepherd.alerting.support.Events;
import io.shepherd.contract.Topics;
import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.InvestigationOpened;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.SourceHealth;
import io.shepherd.events.Variant;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
class AlertPathIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void warningThenCriticalThenEmergencyThenRolledBackSendsExactlyTheExpectedMessages(LocalStack stack) throws Exception {
        String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.lifecycle(Events.deployed(model, "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(2))));
            it.lifecycle(Events.deployed(model, "v2", Variant.CHAMPION, T0.minus(Duration.ofDays(1))));
            it.startRouter();
            Predicate<JsonNode> ofModel = n -> n.toString().contains(model);

            SourceHealth drift = Events.source("drift", HealthLevel.WARNING, T0, "DRIFT");
            it.health(Events.sourced(model, "v2", HealthLevel.NONE, T0, "drift", drift));
            await("Slack hears the warning", () -> it.slack.accepted(ofModel).size() == 1);
            assertThat(it.pagerDuty.all(ofModel)).isEmpty();

            it.health(Events.sourced(model, "v2", HealthLevel.WARNING, T0.plusSeconds(3600), "performance",
                    Events.source("performance", HealthLevel.CRITICAL, T0.plusSeconds(3600), "PERFORMANCE_DROP"), drift));
            await("PagerDuty gets the critical alert", () -> it.pagerDuty.accepted(ofModel).size() == 1);
            await("Slack hears the escalation", () -> it.slack.accepted(ofModel).size() == 2);

            Instant emergencyAt = T0.plusSeconds(7200);
            it.health(Events.sourced(model, "v2", HealthLevel.CRITICAL, emergencyAt, "performance",
                    Events.source("performance", HealthLevel.EMERGENCY, emergencyAt, "PERFORMANCE_DROP"), drift));
            await("a rollback is requested", () -> it.events(Topics.ROLLBACK_COMMANDS, model).size() == 1);
            await("PagerDuty gets the emergency", () -> it.pagerDuty.accepted(ofModel).size() == 2);
            await("Slack hears the emergency", () -> it.slack.accepted(ofModel).size() == 3);

            RollbackRequested command = (RollbackRequested) it.events(Topics.ROLLBACK_COMMANDS, model).get(0);
            assertThat(command.getFromVersion()).isEqualTo("v2");
            assertThat(command.getToVersion()).isEqualTo("v1");
            assertThat(command.getDryRun()).isFalse();
            assertThat(command.getIdempotencyKey()).isEqualTo("rollback:" + model + ":v2:" + emergencyAt.toEpochMilli());
            assertThat(new RollbackSigner(RouterFixture.HMAC_KEY, "k1").verify(command)).isTrue();
            assertThat(command.getReason()).startsWith(model + " v2 EMERGENCY: accuracy dropped");

            it.lifecycle(Events.rolledBack(model, "v2", "v1", emergencyAt.plusSeconds(60), command.getIdempotencyKey()));
            await("PagerDuty resolves the page", () -> it.pagerDuty.accepted(ofModel).size() == 3);
            await("Slack hears the resolution", () -> it.slack.accepted(ofModel).size() == 4);
            RouterFixture.quietFor(Duration.ofSeconds(2));

            List<JsonNode> slack = it.slack.all(ofModel);
            List<JsonNode> pages = it.pagerDuty.all(ofModel);
            slack.forEach(PayloadRules::slack);
            pages.forEach(p -> PayloadRules.pagerDuty(p, RouterFixture.ROUTING_KEY));
            assertThat(slack).hasSize(4);
            assertThat(slack.stream().map(m -> m.path("blocks").toString())).allSatisfy(b -> assertThat(b).contains("shepherd-model-health").contains(model));
            assertThat(slack.get(0).path("text").asText()).startsWith("[FIRING:1 WARNING] " + model + " v2: drift\n" + model
                    + " v2 WARNING: drift in amount, PSI 0.31 (limit 0.20), 1,000 values");
            assertThat(slack.get(1).path("text").asText()).startsWith("[FIRING:2 CRITICAL] " + model + " v2: performance drop, drift")
                    .as("the drift goes on at its own level").contains(model + " v2 WARNING: drift in amount").doesNotContain("RESOLVED");
            assertThat(slack.get(2).path("text").asText()).as("the drift is muted under the EMERGENCY, not resolved")
                    .startsWith("[FIRING:1 EMERGENCY] " + model + " v2: performance drop").doesNotContain("drift");
            assertThat(slack.get(3).path("text").asText()).startsWith("[RESOLVED] " + model + " v2: ")
                    .contains("performance drop (rolled back)", "drift (rolled back)");

            assertThat(pages).hasSize(3);
            assertThat(PayloadRules.texts(pages, "event_action")).containsExactly("trigger", "trigger", "resolve");
            assertThat(PayloadRules.texts(pages.subList(0, 2), "payload", "severity")).containsExactly("error", "critical");
            assertThat(PayloadRules.texts(pages, "dedup_key")).containsOnly("shepherd:" + model + ":v2:PERFORMANCE_DROP");
            assertThat(pages.get(0).path("payload").path("summary").asText()).startsWith(model + " v2 CRITICAL: accuracy dropped");
            assertThat(pages.get(0).path("links").get(0).path("href").asText()).contains("shepherd-model-health");

            List<InvestigationOpened> investigations = it.events(Topics.INVESTIGATIONS, model).stream().map(InvestigationOpened.class::cast).toList();
            assertThat(investigations).extracting(InvestigationOpened::getLevel).containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
            assertThat(investigations).extracting(InvestigationOpened::getRollbackIdempotencyKey).containsExactly(null, command.getIdempotencyKey());

            List<SpecificRecord> alerts = it.events(Topics.ALERTS, model);
            assertThat(alerts.stream().filter(AlertFired.class::isInstance).map(a -> ((AlertFired) a).getAlertId().replace(model, "m") + " "
                    + ((AlertFired) a).getTransition() + " " + ((AlertFired) a).getLevel()))
                    .containsExactlyInAnyOrder("m:v2:DRIFT FIRING WARNING", "m:v2:PERFORMANCE_DROP FIRING CRITICAL", "m:v2:PERFORMANCE_DROP ESCALATED EMERGENCY");
            assertThat(alerts.stream().filter(AlertResolved.class::isInstance).map(a -> ((AlertResolved) a).getReason()))
                    .containsExactly("rolled back", "rolled back");
        }
    }

    @Test
    void aCanaryEmergencyStopsTheCanaryAndARefusedRollbackPagesAHumanWithTheReason(LocalStack stack) throws Exception {
        String model = "reco-" + UUID.randomUUID().toString().substring(0, 8);
        String lonely = "solo-" + UUID.randomUUID().toString().substring(0, 8);
        try (RouterFixture it = new RouterFixture(stack, RouterFixture.routing("300ms", "300ms"))) {
            it.lifecycle(Events.deployed(model, "v4", Variant.CHAMPION, T0.minus(Duration.ofDays(3))));
            it.lifecycle(Events.deployed(model, "v5", Variant.CANARY, T0.minus(Duration.ofHours(2))));
            it.lifecycle(Events.deployed(lonely, "v1", Variant.CHAMPION, T0.minus(Duration.ofDays(3))));
            it.startRouter();

            it.health(Events.health(model, "v5", Variant.CANARY, HealthLevel.NONE, HealthLevel.EMERGENCY, T0, "CANARY_WORSE"));
            it.health(Events.health(lonely, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.EMERGENCY, T0, "PERFORMANCE_DROP"));
            await("the canary is rolled back", () -> it.events(Topics.ROLLBACK_COMMANDS, model).size() == 1);
            await("the refusal is paged", () -> !it.pagerDuty.accepted(n -> n.path("dedup_key").asText().equals(
                    "shepherd:rollback-refused:" + lonely + ":v1")).isEmpty());
            await("an investigation is opened for the emergency and one for the refusal", () -> it.events(Topics.INVESTIGATIONS, lonely).size() == 2);

            RollbackRequested command = (RollbackRequested) it.events(Topics.ROLLBACK_COMMANDS, model).get(0);
            assertThat(command.getFromVersion()).isEqualTo("v5");
            assertThat(command.getToVersion()).isEqualTo("v4");
            assertThat(it.events(Topics.ROLLBACK_COMMANDS, lonely)).isEmpty();
            InvestigationOpened refusal = it.events(Topics.INVESTIGATIONS, lonely).stream().map(InvestigationOpened.class::cast)
                    .filter(i -> i.getInvestigationId().endsWith("/rollback-refused")).findFirst().orElseThrow();
            assertThat(refusal.getSummary()).startsWith("automatic rollback refused: no known-good version of " + lonely + " before v1 in the lifecycle history; ");
            assertThat(refusal.getRollbackIdempotencyKey()).isEqualTo("rollback:" + lonely + ":v1:" + T0.toEpochMilli());
            JsonNode page = it.pagerDuty.accepted(n -> n.path("dedup_key").asText().startsWith("shepherd:rollback-refused:" + lonely)).get(0);
            PayloadRules.pagerDuty(page, RouterFixture.ROUTING_KEY);
            assertThat(page.path("payload").path("custom_details").path("reason").asText()).contains("no known-good version");
        }
    }
}
