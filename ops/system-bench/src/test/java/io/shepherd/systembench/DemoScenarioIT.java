package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shepherd.contract.AlertIds;
import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.AlertTransition;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;
import io.shepherd.simulator.demo.DemoOptions;
import io.shepherd.simulator.demo.DemoRun;
import io.shepherd.simulator.scenario.Scenarios;
import io.shepherd.stack.StackOptions;

/**
 * The run command's demo end to end, as {@code ops/run} runs it: the local stack with Elasticsearch, the streams app, the
 * alert router and the projections as child JVMs, the simulator and its deployment controller. The scenario must go
 * WARNING -> CRITICAL -> EMERGENCY, get a signed rollback the controller verifies and applies, and recover.
 */
class DemoScenarioIT {

    @Test
    void theDemoGoesFromDriftToASignedRollbackAndRecovers(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("java.class.path");
        Map<String, String> services = new LinkedHashMap<>();
        for (String service : List.of("streams", "alert-router", "projections")) {
            services.put(service, classpath);
        }
        List<Object> events = new ArrayList<>();
        DemoRun.Probe probe = new DemoRun.Probe() {
            @Override
            public synchronized void onEvent(long nanos, Object event) {
                events.add(event);
            }
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoOptions options = new DemoOptions(Scenarios.DEMO, false, Duration.ofMinutes(8), dir.resolve("reports"), services,
                DemoOptions.Jvm.FAST_START);
        String hmacKey = "demo-hmac-" + java.util.UUID.randomUUID();
        DemoRun run = new DemoRun(options, new StackOptions(dir.resolve("stack"), 0, 0, 0, 0, true), Map.of("SHEPHERD_ROLLBACK_HMAC_KEY", hmacKey),
                new PrintStream(printed, true, StandardCharsets.UTF_8), probe);
        int code;
        List<String> secrets = new ArrayList<>(List.of(hmacKey));
        try {
            code = run.run();
            run.receiver().ifPresent(r -> secrets.addAll(List.of(r.routingKey(), r.slackUrl().substring(r.slackUrl().indexOf("/slack/")))));
        } finally {
            run.stop();
        }
        String timeline = printed.toString(StandardCharsets.UTF_8);

        assertThat(code).as(timeline).isZero();
        assertThat(timeline).contains("scenario complete: rollback applied and the model recovered", "[ROLLBACK]  command rollback:fraud-scorer:v2:",
                "[recovery]  fraud-scorer v1 measured healthy after the rollback");
        List<HealthLevel> levels;
        synchronized (probe) {
            levels = events.stream().filter(e -> e instanceof ModelHealthChanged h && h.getModelId().equals("fraud-scorer")
                    && h.getModelVersion().equals("v2") && !h.getHeartbeat()).map(e -> ((ModelHealthChanged) e).getLevel()).toList();
            RollbackRequested rollback = events.stream().filter(e -> e instanceof RollbackRequested r && !r.getDryRun())
                    .map(RollbackRequested.class::cast).findFirst().orElseThrow();
            assertThat(rollback.getModelId()).isEqualTo("fraud-scorer");
            assertThat(rollback.getFromVersion()).isEqualTo("v2");
            assertThat(rollback.getToVersion()).isEqualTo("v1");
            assertThat(events).filteredOn(e -> e instanceof ModelLifecycle l && l.getType() == LifecycleEventType.ROLLED_BACK)
                    .singleElement().extracting(e -> ((ModelLifecycle) e).getCausedBy()).isEqualTo(rollback.getIdempotencyKey());
        }
        assertThat(levels).as(timeline).containsSubsequence(HealthLevel.WARNING, HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        synchronized (probe) {
            assertNoCauseResolvedAsRecoveredWhileItsSourceHoldsIt(events);
            assertThat(events).as("fraud-scorer v2's drift alert fired and resolved once, with the rollback")
                    .filteredOn(e -> e instanceof AlertResolved r && r.getAlertId().equals("fraud-scorer:v2:DRIFT"))
                    .singleElement().extracting(e -> ((AlertResolved) e).getReason()).isEqualTo("rolled back");
            assertThat(events).filteredOn(e -> e instanceof AlertFired a && a.getAlertId().equals("fraud-scorer:v2:DRIFT")
                    && a.getTransition() == AlertTransition.FIRING).hasSize(1);
        }
        assertThat(timeline).contains("[cause]     fraud-scorer v2 DRIFT: NONE -> WARNING  drift in amount, ",
                "[cause]     fraud-scorer v2 PERFORMANCE_DROP: NONE -> CRITICAL  accuracy ");
        assertThat(timeline).as("Slack and PagerDuty got the alerts").contains("[slack    ]", "[pagerduty] trigger");
        Path report = dir.resolve("reports").resolve("latest.html");
        assertThat(report).exists();
        // The page's data (its script draws the charts from it; ReportPageChromiumTest checks the drawing). The EMERGENCY
        // may come from a window's verdict or, sooner, from the label-by-label decision: either way a performance drop.
        assertThat(Files.readString(report)).contains("\"rollbacks\":[{\"t\":", "\"model\":\"fraud-scorer\",\"from\":\"v2\",\"to\":\"v1\"",
                "\"type\":\"ROLLED_BACK\"", "\"model\":\"fraud-scorer\",\"version\":\"v2\",\"level\":\"EMERGENCY\",\"causes\":[\"PERFORMANCE_DROP\"]");
        assertThat(timeline).contains("shepherd-rollbacks", "shepherd-drift-scores");
        assertThat(secrets).as("the signing key, PagerDuty's routing key, Slack's webhook path").hasSize(3);
        for (String secret : secrets) {
            assertThat(timeline).doesNotContain(secret);
            assertThat(RunLogs.mentioning(dir, secret)).as("logs of the whole run that print the secret " + secret.substring(0, 4) + "...").isEmpty();
        }
    }

    /** Every alert resolved as "recovered" was resolved by a health event in which no source holds its cause any more. */
    private static void assertNoCauseResolvedAsRecoveredWhileItsSourceHoldsIt(List<Object> events) {
        Map<String, ModelHealthChanged> health = new HashMap<>();
        events.stream().filter(ModelHealthChanged.class::isInstance).map(ModelHealthChanged.class::cast).forEach(h -> health.put(h.getEventId(), h));
        List<AlertResolved> recovered = events.stream().filter(e -> e instanceof AlertResolved r && r.getReason().equals("recovered"))
                .map(AlertResolved.class::cast).toList();
        for (AlertResolved r : recovered) {
            String cause = AlertIds.causeOf(r.getAlertId());
            ModelHealthChanged by = health.get(r.getHealthEventId());
            assertThat(by).as("the health event that resolved %s", r.getAlertId()).isNotNull();
            assertThat(by.getSources()).as("%s resolved as recovered by %s", r.getAlertId(), by.getEventId())
                    .noneMatch(s -> s.getCauses().contains(cause));
        }
    }
}
