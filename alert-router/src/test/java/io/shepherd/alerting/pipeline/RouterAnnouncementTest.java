package io.shepherd.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.shepherd.alerting.alert.HealthChange;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.route.RoutingConfig;
import io.shepherd.alerting.support.Events;
import io.shepherd.alerting.support.Routings;
import io.shepherd.events.AlertFired;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;

/**
 * The alert lifecycle events when publishing them fails: the book has taken the change in, so the change must wait and
 * go out when the listener delivers the record again, which changes nothing in the book.
 */
class RouterAnnouncementTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final RoutingConfig ROUTING = Routings.slackOnly();

    private final List<SpecificRecord> published = new ArrayList<>();
    private int failuresToCome;
    private boolean refuseForGood;

    private final Router router = new Router(ROUTING, List.of(new Silences()), new NotificationLog(entry -> { }),
            Map.of("slack", n -> Delivery.DELIVERED), (topic, key, event) -> {
                if (failuresToCome > 0) {
                    failuresToCome--;
                    throw new EventSink.PublishFailed("publishing to " + topic + " failed: the registry did not answer", null);
                }
                if (refuseForGood) {
                    refuseForGood = false;
                    throw new IllegalArgumentException("record of 3 MB is over the broker's limit");
                }
                published.add(event);
            }, RouterMetrics.NONE, (model, version) -> false);

    private void health(String model, HealthLevel level) {
        router.onHealthChange(HealthChange.of(Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, level, T0, "PERFORMANCE_DROP")),
                T0, true);
    }

    @Test
    void anAlertWhosePublishFailedIsPublishedWhenTheRecordIsDeliveredAgain() {
        failuresToCome = 1;
        assertThatThrownBy(() -> health("churn", HealthLevel.CRITICAL)).hasMessageContaining("failed");
        assertThat(published).isEmpty();

        health("churn", HealthLevel.CRITICAL);

        assertThat(published).singleElement().isInstanceOfSatisfying(AlertFired.class, fired -> {
            assertThat(fired.getModelId()).isEqualTo("churn");
            assertThat(fired.getLevel()).isEqualTo(HealthLevel.CRITICAL);
        });
        health("churn", HealthLevel.CRITICAL);
        assertThat(published).as("published once").hasSize(1);
    }

    @Test
    void aChangeThatCanNeverBePublishedDoesNotHoldUpTheOthers() {
        refuseForGood = true;
        assertThatThrownBy(() -> health("churn", HealthLevel.CRITICAL)).isInstanceOf(IllegalArgumentException.class);

        health("ranker", HealthLevel.EMERGENCY);

        assertThat(published).extracting(e -> ((AlertFired) e).getModelId()).containsExactly("ranker");
    }

    @Test
    void waitingChangesGoOutFirstAndInOrder() {
        failuresToCome = 2;
        assertThatThrownBy(() -> health("churn", HealthLevel.WARNING)).hasMessageContaining("failed");
        assertThatThrownBy(() -> health("churn", HealthLevel.WARNING)).hasMessageContaining("failed");

        health("ranker", HealthLevel.EMERGENCY);

        assertThat(published).extracting(e -> ((AlertFired) e).getModelId() + ":" + ((AlertFired) e).getLevel())
                .containsExactly("churn:WARNING", "ranker:EMERGENCY");
    }
}
