package io.shepherd.streams.drift;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * How far the drift engine got with one model version: the end of the last window it scored, the latest event time
 * it saw (the task's stream time is the maximum over its versions), and the escalation state.
 */
public record VersionProgress(long lastScoredWindowEnd, long maxEventTime, HealthState health) {

    public static final long NONE = Long.MIN_VALUE;

    public static VersionProgress initial() {
        return new VersionProgress(NONE, NONE, HealthState.initial());
    }

    public VersionProgress scored(long windowEnd, HealthState newHealth) {
        return new VersionProgress(windowEnd, maxEventTime, newHealth);
    }

    public VersionProgress saw(long eventTime) {
        return eventTime <= maxEventTime ? this : new VersionProgress(lastScoredWindowEnd, eventTime, health);
    }

    /** A version byte, then JSON. */
    public static final Codec<VersionProgress> CODEC = new VersionedJsonCodec<>((byte) 1, VersionProgress.class);
}
