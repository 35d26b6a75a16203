/**
 * Model performance as plain Java: mergeable, versioned tallies of a window's labelled predictions
 * ({@link io.shepherd.streams.performance.metrics.ClassificationTally},
 * {@link io.shepherd.streams.performance.metrics.RegressionTally}) and of its unlabelled confidences
 * ({@link io.shepherd.streams.performance.metrics.ConfidenceTally}), their metrics with confidence intervals
 * ({@link io.shepherd.streams.performance.metrics.Metric}), and the judgement of a metric against its baseline
 * ({@link io.shepherd.streams.performance.metrics.BaselineJudgement}). No Kafka types: the topology stores the tallies
 * through their {@code toBytes}/{@code fromBytes}.
 */
package io.shepherd.streams.performance.metrics;
