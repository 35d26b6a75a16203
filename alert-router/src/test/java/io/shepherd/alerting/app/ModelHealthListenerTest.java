package io.shepherd.alerting.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.notify.Delivery;
import io.shepherd.alerting.pipeline.EventSink;
import io.shepherd.alerting.pipeline.Router;
import io.shepherd.alerting.pipeline.RouterMetrics;
import io.shepherd.alerting.support.Events;
import io.shepherd.alerting.support.Routings;
import io.shepherd.config.Settings;
import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.serde.AvroSerializer;

/**
 * What the health listener does when handling a record fails: a publish that may succeed later makes the record be
 * delivered again (never skipped); any other failure keeps the record on the dead letters with the reason, counted,
 * and the partition goes on.
 */
class ModelHealthListenerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final String registry = "mock://listener-" + UUID.randomUUID();
    private final AlertRouterConfig config = AlertRouterConfig.from(Settings.load(AlertRouterConfig.SETTINGS, Optional.empty(),
            Map.of("SHEPHERD_SCHEMA_REGISTRY_URL", registry)));
    private final List<SpecificRecord> deadLetters = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ModelHealthListener listener(EventSink alerts) {
        Router router = new Router(Routings.slackOnly(), List.of(new Silences()), new NotificationLog(entry -> { }),
                Map.of("slack", n -> Delivery.DELIVERED), alerts,
                RouterMetrics.NONE, (model, version) -> false);
        return new ModelHealthListener(router, Clock.fixed(T0, ZoneOffset.UTC), config,
                new DeadLetters((topic, key, event) -> deadLetters.add(event), meters));
    }

    private ConsumerRecord<String, byte[]> health(String model) {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(config.serdeConfig(), false);
        byte[] value = serializer.serialize(Topics.MODEL_HEALTH,
                Events.health(model, "v1", Variant.CHAMPION, HealthLevel.NONE, HealthLevel.CRITICAL, T0, "PERFORMANCE_DROP"));
        return new ConsumerRecord<>(Topics.MODEL_HEALTH, 2, 41L, model, value);
    }

    @Test
    void aPublishThatMaySucceedLaterFailsTheDeliverySoTheRecordComesAgain() {
        ModelHealthListener listener = listener((topic, key, event) -> {
            throw new EventSink.PublishFailed("publishing to " + topic + " failed: the registry did not answer", null);
        });

        assertThatThrownBy(() -> listener.onRecord(health("churn"))).isInstanceOf(EventSink.PublishFailed.class);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void anyOtherFailureDeadLettersTheRecordWithItsReasonAndCountsIt() {
        ModelHealthListener listener = listener((topic, key, event) -> {
            throw new IllegalArgumentException("record of 3 MB is over the broker's limit");
        });

        listener.onRecord(health("churn"));

        assertThat(deadLetters).singleElement().isInstanceOfSatisfying(DeadLettered.class, letter -> {
            assertThat(letter.getReason()).isEqualTo("PROCESSING_FAILED");
            assertThat(letter.getDetail()).contains("over the broker's limit");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.MODEL_HEALTH);
            assertThat(letter.getSourcePartition()).isEqualTo(2);
            assertThat(letter.getSourceOffset()).isEqualTo(41L);
        });
        assertThat(meters.get("shepherd.dead.letters").tag("reason", "PROCESSING_FAILED").counter().count()).isEqualTo(1.0);
    }
}
