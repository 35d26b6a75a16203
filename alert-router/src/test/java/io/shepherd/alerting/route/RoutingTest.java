package io.shepherd.alerting.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.shepherd.events.HealthLevel;

class RoutingTest {

    private static final RoutingConfig TREE = RoutingYaml.parse("""
            receivers:
              - name: default
                integrations: [{type: slack}]
              - name: risk-pager
                integrations: [{type: pagerduty, levels: [critical, emergency]}]
              - name: audit
                integrations: [{type: investigation}]
            route:
              receiver: default
              groupWait: 10s
              routes:
                - matchers: ['team="risk"', 'severity=~"critical|emergency"']
                  receiver: risk-pager
                  groupBy: [modelId]
                  continue: true
                - matchers: ['modelId=~"fraud-.*"']
                  receiver: audit
                  repeatInterval: 1h
            modelLabels:
              fraud-scorer: {team: risk}
            """);

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "fraud-scorer, risk, critical, risk-pager+audit",
            "fraud-scorer, risk, warning, audit",
            "churn, risk, emergency, risk-pager",
            "churn, growth, emergency, default",
            "churn, '', warning, default"})
    void routesByModelTeamAndSeverityAndContinues(String model, String team, String severity, String receivers) {
        Map<String, String> labels = Map.of("modelId", model, "team", team, "severity", severity, "modelVersion", "v1");

        assertThat(String.join("+", TREE.root().match(labels).stream().map(Route::receiver).toList())).isEqualTo(receivers);
    }

    @Test
    void childrenInheritTimingAndGroupingAndGroupKeysNameTheirValues() {
        Route pager = TREE.root().routes().get(0);
        Route audit = TREE.root().routes().get(1);

        assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(audit.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(audit.groupBy()).containsExactly("modelId", "modelVersion");
        assertThat(pager.groupKey(Map.of("modelId", "m", "modelVersion", "v1"))).isEqualTo("root/0:{modelId=\"m\"}");
        assertThat(TREE.receiver("risk-pager").integrations().get(0).levels()).containsExactlyInAnyOrder(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(TREE.labelsOf("fraud-scorer")).containsEntry("team", "risk");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "cause=\"DRIFT\";cause;DRIFT;true",
            "cause!=\"DRIFT\";cause;DRIFT;false",
            "severity=~\"critical|emergency\";severity;emergency;true",
            "severity=~\"crit\";severity;critical;false",
            "severity!~\"warn.*\";severity;warning;false",
            "team=;team;;true",
            "team=risk;team;risk;true"})
    void matchersFollowAlertmanager(String matcher, String label, String value, boolean matches) {
        Map<String, String> labels = value == null ? Map.of() : Map.of(label, value);

        assertThat(Matcher.parse(matcher).matches(labels)).isEqualTo(matches);
    }

    @Test
    void mistakesInTheFileAreErrorsThatSayWhere() {
        assertThatThrownBy(() -> RoutingYaml.parse("receivers: []\nroute: {receiver: x, groupWiat: 1s}\n"))
                .hasMessageContaining("route root: unknown key 'groupWiat'");
        assertThatThrownBy(() -> RoutingYaml.parse("receivers: []\nroute: {receiver: nobody}\n"))
                .hasMessageContaining("undefined receiver: nobody");
        assertThatThrownBy(() -> RoutingYaml.parse("receivers: [{name: a, integrations: [{type: email}]}]\nroute: {receiver: a}\n"))
                .hasMessageContaining("unknown integration type 'email'");
        assertThatThrownBy(() -> RoutingYaml.parse("receivers: [{name: a, integrations: [{type: slack}]}]\nroute: {receiver: a, groupWait: soon}\n"))
                .hasMessageContaining("groupWait").hasMessageContaining("not a duration");
    }

    @Test
    void theBundledRoutingFileParses() throws Exception {
        try (var in = RoutingTest.class.getResourceAsStream("/io/shepherd/alerting/default-routing.yml")) {
            RoutingConfig bundled = RoutingYaml.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(bundled.receiver(bundled.root().receiver()).integrations()).extracting(ReceiverSpec.Integration::type)
                    .containsExactly("slack", "rollback", "pagerduty", "investigation");
        }
    }

    @Test
    void theRoutingExampleOfTheReadmeParsesAndRoutesAsItSays() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## The alert router"));
        String yaml = section.substring(section.indexOf("```yaml") + 7, section.indexOf("```", section.indexOf("```yaml") + 7));
        RoutingConfig example = RoutingYaml.parse(yaml);

        Map<String, String> riskCritical = Map.of("modelId", "fraud-scorer", "team", "risk", "severity", "critical");
        assertThat(example.root().match(riskCritical).stream().map(Route::receiver)).containsExactly("risk-on-call", "model-owners");
        assertThat(example.labelsOf("fraud-scorer")).containsEntry("team", "risk");
    }
}
