package io.shepherd.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.alerting.alert.Alert;
import io.shepherd.alerting.notify.pagerduty.PagerDutyEvent;
import io.shepherd.alerting.notify.slack.SlackMessage;
import io.shepherd.alerting.support.Alerts;
import io.shepherd.events.HealthLevel;

class ReceiverPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"EMERGENCY, critical", "CRITICAL, error", "WARNING, warning", "NONE, info"})
    void pagerDutySeverityFollowsTheLevel(HealthLevel level, String severity) throws Exception {
        JsonNode event = JSON.readTree(PagerDutyEvent.trigger("key", Alerts.firing("m", "v1", "DRIFT", level), "http://kibana"));

        assertThat(event.path("payload").path("severity").asText()).isEqualTo(severity);
    }

    @Test
    void pagerDutyTriggerCarriesAStableDedupKeyTheEvidenceAndAKibanaLinkWithASummaryOfAtMost1024Characters() throws Exception {
        String longModel = "m".repeat(2000);
        JsonNode event = JSON.readTree(PagerDutyEvent.trigger("key", Alerts.firing(longModel, "v1", "DRIFT", HealthLevel.CRITICAL), "http://kibana"));

        assertThat(event.path("event_action").asText()).isEqualTo("trigger");
        assertThat(event.path("dedup_key").asText()).isEqualTo("shepherd:" + longModel + ":v1:DRIFT");
        assertThat(event.path("payload").path("summary").asText()).hasSize(1024);
        assertThat(event.path("payload").path("source").asText()).isEqualTo("shepherd/" + longModel + "/v1");
        assertThat(event.path("payload").path("custom_details").path("evidence").path("items").get(0).path("kind").asText()).isEqualTo("DRIFT");
        assertThat(event.path("links").get(0).path("href").asText()).startsWith("http://kibana/app/dashboards#/view/shepherd-model-health");
        assertThat(JSON.readTree(PagerDutyEvent.resolve("key", Alerts.firing("m", "v1", "DRIFT", HealthLevel.CRITICAL))).path("dedup_key").asText())
                .isEqualTo("shepherd:m:v1:DRIFT");
    }

    @Test
    void slackMessagesStayWithinFiftyBlocksAndSayHowManyMoreThereAre() throws Exception {
        List<Alert> many = IntStream.range(0, 80).mapToObj(i -> Alerts.firing("m", "v1", "CAUSE_" + i, HealthLevel.WARNING)).toList();
        JsonNode message = JSON.readTree(SlackMessage.build(new Notification("g", "r", many, List.of(), Map.of(), false), "http://kibana"));

        assertThat(message.path("blocks").size()).isEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(message.path("blocks").toString()).contains("more alerts in this group");
        assertThat(message.path("text").asText()).startsWith("[FIRING:80 WARNING] m v1");
    }

    @Test
    void slackNamesTheModelAndVersionOnceAndEachAlertInOneLineWithItsMeasuredFact() throws Exception {
        Alert critical = Alerts.firing("fraud", "v7", "PERFORMANCE_DROP", HealthLevel.CRITICAL);
        Alert warning = Alerts.firing("fraud", "v7", "DRIFT", HealthLevel.WARNING);
        JsonNode message = JSON.readTree(SlackMessage.build(new Notification("g", "r", List.of(warning, critical), List.of(), Map.of(), false), "http://kibana"));

        assertThat(message.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo("[FIRING:2 CRITICAL] fraud v7: performance drop, drift");
        assertThat(message.path("blocks").get(1).path("text").path("text").asText())
                .isEqualTo("*fraud v7 WARNING: drift in amount, PSI 0.31 (limit 0.20), 1,000 values, 07:59:50-08:00:00Z*\n`DRIFT` WARNING since 2026-11-25 08:00:00Z");
        assertThat(message.path("blocks").get(3).path("elements").get(0).path("url").asText())
                .isEqualTo(KibanaLink.forVersion("http://kibana", "fraud", "v7"));
    }

    @Test
    void aResolvedAlertSaysWhyAndHowLongItHeld() throws Exception {
        Alert resolved = Alerts.firing("fraud", "v7", "DRIFT", HealthLevel.WARNING).resolve("e", Alerts.T0.plusSeconds(190), "rolled back");
        JsonNode message = JSON.readTree(SlackMessage.build(new Notification("g", "r", List.of(), List.of(resolved), Map.of(), false), "http://kibana"));

        assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("[RESOLVED] fraud v7: drift (rolled back)");
        assertThat(AlertText.summary(resolved)).isEqualTo("fraud v7 RESOLVED (rolled back): drift, WARNING for 3 min 10 s");
    }

    @Test
    void slackHeadersStayWithin150CharactersAndPagerDutySummariesWithin1024() throws Exception {
        String longModel = "m".repeat(300);
        Alert alert = Alerts.firing(longModel, "v1", "PERFORMANCE_DROP", HealthLevel.EMERGENCY);
        JsonNode slack = JSON.readTree(SlackMessage.build(new Notification("g", "r", List.of(alert), List.of(), Map.of(), false), "http://kibana"));
        JsonNode pagerDuty = JSON.readTree(PagerDutyEvent.trigger("key", alert, "http://kibana"));

        assertThat(slack.path("blocks").get(0).path("text").path("text").asText()).hasSizeLessThanOrEqualTo(150);
        assertThat(pagerDuty.path("payload").path("summary").asText()).hasSizeLessThanOrEqualTo(1024).doesNotContain("NaN");
    }

    @Test
    void theKibanaLinkFiltersTheDashboardToOneModelVersionWithAnEncodedQuery() {
        assertThat(KibanaLink.forVersion("http://127.0.0.1:5601/", "fraud scorer", "v7's"))
                .isEqualTo("http://127.0.0.1:5601/app/dashboards#/view/shepherd-model-health?_g=(time:(from:now-24h,to:now))"
                        + "&_a=(query:(language:kuery,query:%27modelId%3A%22fraud%20scorer%22%20and%20modelVersion%3A%22v7%21%27s%22%27))");
    }
}
