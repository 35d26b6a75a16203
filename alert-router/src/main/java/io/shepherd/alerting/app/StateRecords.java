package io.shepherd.alerting.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.alerting.mute.SilenceJson;
import io.shepherd.alerting.mute.Silences;
import io.shepherd.alerting.nflog.NotificationEntryJson;
import io.shepherd.alerting.nflog.NotificationLog;
import io.shepherd.alerting.pipeline.Router;
import io.shepherd.alerting.rollback.Fleet;
import io.shepherd.contract.Topics;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.RollbackRequested;
import io.shepherd.serde.AvroDeserializer;
import io.shepherd.serde.AvroSerdeConfig;

/** Turns a record of a shared topic into the state it stands for. */
final class StateRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fleet fleet;
    private final Silences silences;
    private final NotificationLog nflog;
    private final Router router;
    private final AvroDeserializer<ModelLifecycle> lifecycle = new AvroDeserializer<>(ModelLifecycle.class);
    private final AvroDeserializer<RollbackRequested> rollbacks = new AvroDeserializer<>(RollbackRequested.class);

    StateRecords(Map<String, Object> serdeConfig, Fleet fleet, Silences silences, NotificationLog nflog, Router router) {
        this.fleet = fleet;
        this.silences = silences;
        this.nflog = nflog;
        this.router = router;
        lifecycle.configure(serdeConfig, false);
        rollbacks.configure(serdeConfig, false);
    }

    void apply(String topic, String key, byte[] value, Instant now, boolean live) {
        switch (topic) {
            case Topics.LIFECYCLE -> lifecycle(lifecycle.deserialize(topic, value), now, live);
            case Topics.ROLLBACK_COMMANDS -> fleet.rollbackRequested(rollbacks.deserialize(topic, value));
            case Topics.SILENCES -> {
                if (value == null) {
                    silences.remove(key);
                } else {
                    silences.put(SilenceJson.read(text(value)));
                }
            }
            case Topics.NOTIFICATION_LOG -> {
                if (value == null) {
                    nflog.forget(key);
                } else {
                    nflog.restore(NotificationEntryJson.read(text(value)));
                }
            }
            case Topics.POLICIES -> fleet.autoRollbackAllowed(key, allowsAutoRollback(value));
            default -> throw new IllegalArgumentException("not a state topic: " + topic);
        }
    }

    private void lifecycle(ModelLifecycle event, Instant now, boolean live) {
        fleet.lifecycle(event);
        if (event.getType() == LifecycleEventType.ROLLED_BACK && event.getFromVersion() != null) {
            router.onVersionStopped(event.getModelId(), event.getFromVersion(), event.getEventId(), event.getEventTime(), "rolled back", now, live);
        } else if (event.getType() == LifecycleEventType.RETIRED && event.getToVersion() != null) {
            router.onVersionStopped(event.getModelId(), event.getToVersion(), event.getEventId(), event.getEventTime(), "retired", now, live);
        }
    }

    /** {@code performance.allowAutoRollback} of a model's policy override; absent or removed means the default, true. */
    static boolean allowsAutoRollback(byte[] value) {
        if (value == null || value.length == 0) {
            return true;
        }
        try {
            JsonNode allow = JSON.readTree(value).path("performance").path("allowAutoRollback");
            return !allow.isBoolean() || allow.booleanValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("policy is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
