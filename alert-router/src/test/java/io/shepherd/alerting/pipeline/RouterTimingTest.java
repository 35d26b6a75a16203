package io.shepherd.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.mute.Silence;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationEntry;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.notify.Notification;
import io.shepherd.alerting.route.Matcher;
import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.route.RoutingYaml;
import io.shepherd.alerting.support.Events;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;

/** Group wait, group interval, repeat interval, muting and dedup, driven by explicit instants. */
class RouterTimingTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final RoutingConfig ROUTING = RoutingYaml.parse("""
            receivers:
              - name: team
                integrations:
                  - {type: slack}
                  - {type: pagerduty, levels: [critical, emergency]}
            route:
              receiver: team
              groupWait: 30s
              groupInterval: 5m
              repeatInterval: 4h
            inhibitRules:
              - sourceMatchers: ['cause="NO_DATA"']
                targetMatchers: ['cause="DRIFT"']
                equal: [modelId, modelVersion]
            """);

    private final List<String> sent = new ArrayList<>();
    private final Map<String, NotificationEntry> stored = new HashMap<>();
    private final Silences silences = new Silences();
    private NotificationLog nflog = newLog();
    private Router router = newRouter();

    private NotificationLog newLog() {
        NotificationLog log = new NotificationLog(entry -> stored.put(entry.key(), entry));
        stored.values().forEach(log::restore);
        return log;
    }

    private Router newRouter() {
        return new Router(ROUTING, List.of(silences), nflog, Map.of("slack", recorder("slack"), "pagerduty", recorder("pagerduty")),
                (topic, key, event) -> { }, RouterMetrics.NONE, (model, version) -> false);
    }

    /** Runs inside the next notification, as another thread would while a group is being notified. */
    private Runnable duringNextNotification;

    private io.shepherd.alerting.notify.Notifier recorder(String name) {
        return (Notification n) -> {
            Runnable during = duringNextNotification;
            duringNextNotification = null;
            if (during != null) {
                during.run();
            }
            sent.add(name + ":" + n.firing().stream().map(a -> a.cause() + "=" + a.level()).sorted().toList()
                    + (n.resolved().isEmpty() ? "" : " resolved " + n.resolved().stream().map(a -> a.cause()).sorted().toList()));
            return Delivery.DELIVERED;
        };
    }

    private void health(Instant at, HealthLevel level, String... causes) {
        health(router, at, level, true, causes);
    }

    private static void health(Router router, Instant at, HealthLevel level, boolean live, String... causes) {
        router.onHealthChange(HealthChange.of(Events.health("m", "v1", Variant.CHAMPION, HealthLevel.NONE, level, at, causes)), at, live);
    }

    private List<String> flushAt(Instant at) {
        sent.clear();
        router.flushDue(at);
        return List.copyOf(sent);
    }

    @Test
    void aNewGroupWaitsItsGroupWaitThenCollectsEverythingThatArrived() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        health(T0.plusSeconds(10), HealthLevel.WARNING, "DRIFT", "DATA_QUALITY");

        assertThat(flushAt(T0.plusSeconds(29))).isEmpty();
        assertThat(flushAt(T0.plusSeconds(30))).containsExactly("slack:[DATA_QUALITY=WARNING, DRIFT=WARNING]");
    }

    @Test
    void changesAfterTheFirstNotificationWaitForTheGroupInterval() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(T0.plusSeconds(30));
        health(T0.plusSeconds(60), HealthLevel.CRITICAL, "DRIFT", "PERFORMANCE_DROP");

        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)).minusMillis(1))).isEmpty();
        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5))))
                .containsExactly("slack:[DRIFT=CRITICAL, PERFORMANCE_DROP=CRITICAL]", "pagerduty:[DRIFT=CRITICAL, PERFORMANCE_DROP=CRITICAL]");
    }

    @Test
    void anEmergencyDoesNotWaitForTheGroupInterval() {
        health(T0, HealthLevel.CRITICAL, "PERFORMANCE_DROP");
        flushAt(T0.plusSeconds(30));
        health(T0.plusSeconds(40), HealthLevel.EMERGENCY, "PERFORMANCE_DROP");

        assertThat(flushAt(T0.plusSeconds(40))).containsExactly("slack:[PERFORMANCE_DROP=EMERGENCY]", "pagerduty:[PERFORMANCE_DROP=EMERGENCY]");
    }

    @Test
    void anEmergencyArrivingWhileItsGroupIsBeingNotifiedIsSentRightAfterNotAGroupIntervalLater() {
        health(T0, HealthLevel.CRITICAL, "PERFORMANCE_DROP");
        duringNextNotification = () -> health(T0.plusSeconds(30), HealthLevel.EMERGENCY, "PERFORMANCE_DROP");

        // Each lane reads its group when its attempt starts: PagerDuty, told after Slack, already hears the emergency.
        assertThat(flushAt(T0.plusSeconds(30))).containsExactly("slack:[PERFORMANCE_DROP=CRITICAL]", "pagerduty:[PERFORMANCE_DROP=EMERGENCY]");
        assertThat(router.nextDue()).contains(T0.plusSeconds(30));
        assertThat(flushAt(T0.plusSeconds(30))).containsExactly("slack:[PERFORMANCE_DROP=EMERGENCY]");
        assertThat(router.nextDue()).contains(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
    }

    @Test
    void anUnchangedGroupIsNotifiedAgainOnlyAfterTheRepeatInterval() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(T0.plusSeconds(30));

        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)))).isEmpty();
        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofHours(4)).minusSeconds(1))).isEmpty();
        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofHours(4)).plus(Duration.ofMinutes(5)))).containsExactly("slack:[DRIFT=WARNING]");
    }

    @Test
    void aResolvedAlertIsToldOnlyToTheIntegrationsThatHeardItFire() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(T0.plusSeconds(30));
        health(T0.plusSeconds(60), HealthLevel.NONE);

        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)))).containsExactly("slack:[] resolved [DRIFT]");
        assertThat(flushAt(T0.plusSeconds(30).plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void anAlertThatFiresAndResolvesWithinTheGroupWaitIsNeverSent() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        health(T0.plusSeconds(5), HealthLevel.NONE);

        assertThat(flushAt(T0.plusSeconds(30))).isEmpty();
    }

    @Test
    void aSilencedAlertStaysQuietUntilTheSilenceEnds() {
        silences.put(new Silence("s1", List.of(Matcher.parse("cause=\"DRIFT\"")), T0, T0.plus(Duration.ofHours(1)), "ops", "retraining", T0));
        health(T0, HealthLevel.WARNING, "DRIFT");

        assertThat(flushAt(T0.plusSeconds(30))).isEmpty();
        assertThat(flushAt(T0.plus(Duration.ofHours(1)).plusSeconds(30))).containsExactly("slack:[DRIFT=WARNING]");
    }

    @Test
    void anInhibitingAlertMutesItsTargetOfTheSameVersion() {
        health(T0, HealthLevel.WARNING, "DRIFT", "NO_DATA");

        assertThat(flushAt(T0.plusSeconds(30))).containsExactly("slack:[NO_DATA=WARNING]");
    }

    @Test
    void afterARestartTheReplayedStateIsNotSentAgainButNewChangesAre() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(T0.plusSeconds(30));

        nflog = newLog();
        router = newRouter();
        health(router, T0, HealthLevel.WARNING, false, "DRIFT");
        assertThat(flushAt(T0.plus(Duration.ofMinutes(10)))).isEmpty();
        health(T0.plus(Duration.ofMinutes(11)), HealthLevel.CRITICAL, "DRIFT");
        assertThat(flushAt(T0.plus(Duration.ofMinutes(20)))).containsExactly("slack:[DRIFT=CRITICAL]", "pagerduty:[DRIFT=CRITICAL]");
    }

    @Test
    void aReleasedModelIsForgottenSoThisInstanceSendsNothingMoreAboutIt() {
        health(T0, HealthLevel.WARNING, "DRIFT");
        flushAt(T0.plusSeconds(30));

        router.release(model -> model.equals("m"));

        assertThat(router.firing()).isEmpty();
        assertThat(flushAt(T0.plus(Duration.ofHours(5)))).isEmpty();
    }
}
