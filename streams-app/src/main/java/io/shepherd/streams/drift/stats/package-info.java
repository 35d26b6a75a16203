/**
 * Drift statistics as plain Java: mergeable, versioned sketches of a feature's values in a window
 * ({@link io.shepherd.streams.drift.stats.NumericSketch}, {@link io.shepherd.streams.drift.stats.CategorySketch},
 * {@link io.shepherd.streams.drift.stats.EmbeddingSketch}), the scores that compare a reference sketch with a current
 * one ({@link io.shepherd.streams.drift.stats.NumericDrift}, {@link io.shepherd.streams.drift.stats.CategoricalDrift},
 * {@link io.shepherd.streams.drift.stats.EmbeddingDrift}) and multiple-testing corrections across features
 * ({@link io.shepherd.streams.drift.stats.MultipleTesting}). No Kafka types: the topology stores the sketches through
 * their {@code toBytes}/{@code fromBytes} and publishes the scores' {@code asMap()}.
 */
package io.shepherd.streams.drift.stats;
