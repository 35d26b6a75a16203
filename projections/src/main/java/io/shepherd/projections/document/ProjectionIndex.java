package io.shepherd.projections.document;

import java.util.Arrays;
import java.util.List;

import io.shepherd.contract.Topics;

/**
 * Every index Shepherd writes, the topics it is projected from, and the template resource that defines its mapping
 * ({@code templates/<index>.json}).
 */
public enum ProjectionIndex {
    DRIFT_SCORES("shepherd-drift-scores", Topics.DRIFT_SCORES),
    MODEL_HEALTH("shepherd-model-health", Topics.MODEL_HEALTH),
    PERFORMANCE("shepherd-performance", Topics.PERFORMANCE),
    SERVING_HEALTH("shepherd-serving-health", Topics.SERVING_HEALTH),
    CHALLENGER_VERDICTS("shepherd-challenger-verdicts", Topics.CHALLENGER_VERDICTS),
    RETRAINING_REQUESTS("shepherd-retraining-requests", Topics.RETRAINING_REQUESTS),
    INVESTIGATIONS("shepherd-investigations", Topics.INVESTIGATIONS),
    ALERTS("shepherd-alerts", Topics.ALERTS),
    ROLLBACKS("shepherd-rollbacks", Topics.ROLLBACK_COMMANDS),
    DEAD_LETTERS("shepherd-dead-letters", Topics.DEAD_LETTERS),
    /** Records the projections themselves could not write: undecodable, or rejected by Elasticsearch's mapping. */
    PROJECTION_DEAD_LETTERS("shepherd-dead-letters-projections");

    private final String indexName;
    private final List<String> topics;

    ProjectionIndex(String indexName, String... topics) {
        this.indexName = indexName;
        this.topics = List.of(topics);
    }

    public String indexName() {
        return indexName;
    }

    /** The topics whose events end up in this index; empty for the projections' own dead letters. */
    public List<String> topics() {
        return topics;
    }

    public String templateResource() {
        return "/templates/" + indexName + ".json";
    }

    public static ProjectionIndex byIndexName(String name) {
        return Arrays.stream(values()).filter(i -> i.indexName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Shepherd index: " + name + "; known: "
                        + Arrays.stream(values()).map(ProjectionIndex::indexName).toList()));
    }
}
