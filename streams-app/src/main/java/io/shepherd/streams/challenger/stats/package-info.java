/**
 * Champion / challenger comparison as plain Java: mergeable {@link io.shepherd.streams.challenger.stats.RunningMoments},
 * the two-sided significance tests of {@link io.shepherd.streams.challenger.stats.ChallengerTests} (on counts, moments
 * or digests, never raw samples) and the verdict over several tests,
 * {@link io.shepherd.streams.challenger.stats.ChallengerDecision}. No Kafka types.
 */
package io.shepherd.streams.challenger.stats;
