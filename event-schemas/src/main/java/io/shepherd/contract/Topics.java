package io.shepherd.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Utils;

/**
 * The topics Shepherd reads and writes, with the partitions and configs used when Shepherd creates them.
 * Real clusters may override partitions and replication at creation time; the names and cleanup policies are the contract.
 */
public final class Topics {

    public static final String PREDICTIONS = "shepherd.predictions";
    public static final String FEATURES = "shepherd.features";
    public static final String OUTCOMES = "shepherd.outcomes";
    public static final String REFERENCE = "shepherd.reference";
    public static final String LIFECYCLE = "shepherd.lifecycle";
    public static final String POLICIES = "shepherd.policies";
    public static final String DRIFT_SCORES = "shepherd.drift-scores";
    public static final String MODEL_HEALTH = "shepherd.model-health";
    public static final String PERFORMANCE = "shepherd.performance";
    public static final String SERVING_HEALTH = "shepherd.serving-health";
    public static final String CHALLENGER_VERDICTS = "shepherd.challenger-verdicts";
    public static final String RETRAINING_REQUESTS = "shepherd.retraining-requests";
    public static final String INVESTIGATIONS = "shepherd.investigations";
    public static final String ALERTS = "shepherd.alerts";
    public static final String ROLLBACK_COMMANDS = "shepherd.rollback-commands";
    public static final String DEAD_LETTERS = "shepherd.dead-letters";
    public static final String SILENCES = "shepherd.silences";
    public static final String NOTIFICATION_LOG = "shepherd.notification-log";

    private static final Map<String, String> DELETE_7D = Map.of("cleanup.policy", "delete", "retention.ms", "604800000");
    private static final Map<String, String> DELETE_30D = Map.of("cleanup.policy", "delete", "retention.ms", "2592000000");
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000");

    /** Every topic of the contract, inputs first. */
    public static final List<TopicDefinition> ALL = List.of(
            new TopicDefinition(PREDICTIONS, 4, DELETE_7D, "io.shepherd.events.PredictionServed",
                    "predictions served by every model, keyed by model id"),
            new TopicDefinition(FEATURES, 4, DELETE_7D, "io.shepherd.events.FeaturesObserved",
                    "feature vectors seen at serving time, keyed by model id"),
            new TopicDefinition(OUTCOMES, 4, DELETE_30D, "io.shepherd.events.OutcomeObserved",
                    "ground truth arriving late, keyed by request id"),
            new TopicDefinition(REFERENCE, 4, DELETE_30D, "io.shepherd.events.FeaturesObserved",
                    "explicit reference sets (for example training data), keyed by model id"),
            // One partition: the lifecycle history is small and its order matters across models.
            new TopicDefinition(LIFECYCLE, 1, COMPACT, "io.shepherd.events.ModelLifecycle",
                    "deployments, promotions and rollbacks, keyed by event id so compaction keeps the whole history"),
            new TopicDefinition(POLICIES, 1, COMPACT, "string (JSON policy)",
                    "per-model monitoring policy, keyed by model id; the latest value wins"),
            new TopicDefinition(DRIFT_SCORES, 4, DELETE_30D, "io.shepherd.events.DriftScored",
                    "drift scores per model, version, feature and window"),
            new TopicDefinition(MODEL_HEALTH, 4, DELETE_30D, "io.shepherd.events.ModelHealthChanged",
                    "escalation level changes and heartbeats, keyed by model id and version"),
            new TopicDefinition(PERFORMANCE, 4, DELETE_30D, "io.shepherd.events.PerformanceScored",
                    "performance per model, version and window of prediction time, restated as late labels arrive"),
            new TopicDefinition(SERVING_HEALTH, 4, DELETE_30D, "io.shepherd.events.ServingHealthScored",
                    "latency percentiles, throughput and errors per model, version and window"),
            new TopicDefinition(CHALLENGER_VERDICTS, 4, DELETE_30D, "io.shepherd.events.ChallengerCompared",
                    "canary and shadow versions compared with their champion, keyed by model id"),
            new TopicDefinition(RETRAINING_REQUESTS, 1, DELETE_30D, "io.shepherd.events.RetrainingRequested",
                    "requests to retrain a model version after sustained drift"),
            new TopicDefinition(INVESTIGATIONS, 1, DELETE_30D, "io.shepherd.events.InvestigationOpened",
                    "investigations opened by the alert router, keyed by alert id"),
            new TopicDefinition(ALERTS, 4, DELETE_30D, "io.shepherd.events.AlertFired | io.shepherd.events.AlertResolved",
                    "alert lifecycle published by the alert router"),
            new TopicDefinition(ROLLBACK_COMMANDS, 1, DELETE_30D, "io.shepherd.events.RollbackRequested",
                    "signed rollback commands for deployment controllers"),
            new TopicDefinition(DEAD_LETTERS, 1, DELETE_30D, "io.shepherd.events.DeadLettered",
                    "records that could not be processed, with the reason"),
            new TopicDefinition(SILENCES, 1, COMPACT, "string (JSON silence)",
                    "alert silences, keyed by silence id; a tombstone deletes"),
            new TopicDefinition(NOTIFICATION_LOG, 1, COMPACT, "string (JSON notification entry)",
                    "what was notified to whom, keyed by receiver and alert, so restarts never notify twice"));

    private Topics() {
    }

    /**
     * The partition a record keyed by {@code key} lands on among {@code partitions}, as the producers' default
     * partitioner places it (murmur2 of the key's UTF-8 bytes, as in every Kafka client that follows Java's).
     */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static TopicDefinition byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Shepherd topic: " + name));
    }
}
