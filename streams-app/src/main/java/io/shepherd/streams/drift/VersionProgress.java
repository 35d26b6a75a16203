package io.shepherd.streams.drift;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.state.BinaryCodec;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * How far the drift engine got with one model version: the end of the last window it scored, the latest event time
 * it saw (its own clock: lateness and window closing are judged on it), the escalation state, and how many windows in a
 * row have drifted (for retraining requests).
 */
public record VersionProgress(long lastScoredWindowEnd, long maxEventTime, HealthState health, int driftStreak) {

    public VersionProgress(long lastScoredWindowEnd, long maxEventTime, HealthState health) {
        this(lastScoredWindowEnd, maxEventTime, health, 0);
    }

    public static final long NONE = Long.MIN_VALUE;

    public static VersionProgress initial() {
        return new VersionProgress(NONE, NONE, HealthState.initial());
    }

    public VersionProgress scored(long windowEnd, HealthState newHealth) {
        return new VersionProgress(windowEnd, maxEventTime, newHealth, driftStreak);
    }

    public VersionProgress saw(long eventTime) {
        return eventTime <= maxEventTime ? this : new VersionProgress(lastScoredWindowEnd, eventTime, health, driftStreak);
    }

    public VersionProgress withDriftStreak(int streak) {
        return new VersionProgress(lastScoredWindowEnd, maxEventTime, health, streak);
    }

    /**
     * Format 2 (written at every event that moves the version's clock): the two times, the escalation state
     * ({@link HealthStateBytes}) and the drift streak. Format 1 was JSON.
     */
    public static final Codec<VersionProgress> CODEC = new BinaryCodec<>((byte) 2, VersionProgress.class, (p, out) -> {
        out.writeLong(p.lastScoredWindowEnd());
        out.writeLong(p.maxEventTime());
        HealthStateBytes.write(p.health(), out);
        out.writeInt(p.driftStreak());
    }, in -> new VersionProgress(in.readLong(), in.readLong(), HealthStateBytes.read(in), in.readInt()),
            new VersionedJsonCodec<>((byte) 1, VersionProgress.class));
}
