package io.shepherd.streams.serving;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.state.BinaryCodec;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * How far serving health got with one model version: the last window it judged, the latest event time it saw, the
 * escalation state of its SLA, and its liveness (silent, stale) as last announced.
 *
 * @param silent true from the moment NO_DATA was raised until a prediction arrives again
 * @param stale  true once the version is older than its policy's maximum age
 */
public record ServingProgress(long lastClosedWindowEnd, long maxEventTime, HealthState health, boolean silent, boolean stale) {

    public static final long NONE = Long.MIN_VALUE;

    /**
     * Format 2 (written at every prediction): the two times, the escalation state ({@link HealthStateBytes}), silent,
     * stale. Format 1 was JSON.
     */
    public static final Codec<ServingProgress> CODEC = new BinaryCodec<>((byte) 2, ServingProgress.class, (p, out) -> {
        out.writeLong(p.lastClosedWindowEnd());
        out.writeLong(p.maxEventTime());
        HealthStateBytes.write(p.health(), out);
        out.writeBoolean(p.silent());
        out.writeBoolean(p.stale());
    }, in -> new ServingProgress(in.readLong(), in.readLong(), HealthStateBytes.read(in), in.readBoolean(), in.readBoolean()),
            new VersionedJsonCodec<>((byte) 1, ServingProgress.class));

    public static ServingProgress initial() {
        return new ServingProgress(NONE, NONE, HealthState.initial(), false, false);
    }

    ServingProgress saw(long eventTime) {
        return new ServingProgress(lastClosedWindowEnd, Math.max(maxEventTime, eventTime), health, false, stale);
    }

    ServingProgress closed(long windowEnd, HealthState newHealth) {
        return new ServingProgress(windowEnd, maxEventTime, newHealth, silent, stale);
    }

    ServingProgress withLiveness(boolean nowSilent, boolean nowStale) {
        return new ServingProgress(lastClosedWindowEnd, maxEventTime, health, nowSilent, nowStale);
    }

    /** The level liveness alone holds the version at: NO_DATA is CRITICAL, STALE a WARNING. */
    static HealthLevel livenessLevel(boolean silent, boolean stale) {
        return silent ? HealthLevel.CRITICAL : stale ? HealthLevel.WARNING : HealthLevel.NONE;
    }
}
