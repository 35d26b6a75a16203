package io.shepherd.streams.performance;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.state.BinaryCodec;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * Per model version: how many predictions fell in its reference window so far, and the escalation state of each
 * performance-side source: measured performance, the label-free estimate, and (for a canary or shadow) the comparison
 * with the champion.
 */
public record PerformanceProgress(long referenceServed, HealthState measured, HealthState estimated, HealthState challenger) {

    /**
     * Format 2 (written at every prediction of the reference period): the count, then the three escalation states
     * ({@link HealthStateBytes}). Format 1 was JSON.
     */
    public static final Codec<PerformanceProgress> CODEC = new BinaryCodec<>((byte) 2, PerformanceProgress.class, (p, out) -> {
        out.writeLong(p.referenceServed());
        HealthStateBytes.write(p.measured(), out);
        HealthStateBytes.write(p.estimated(), out);
        HealthStateBytes.write(p.challenger(), out);
    }, in -> new PerformanceProgress(in.readLong(), HealthStateBytes.read(in), HealthStateBytes.read(in), HealthStateBytes.read(in)),
            new VersionedJsonCodec<>((byte) 1, PerformanceProgress.class));

    public static PerformanceProgress initial() {
        return new PerformanceProgress(0, HealthState.initial(), HealthState.initial(), HealthState.initial());
    }

    PerformanceProgress servedInReference() {
        return new PerformanceProgress(referenceServed + 1, measured, estimated, challenger);
    }

    PerformanceProgress withMeasured(HealthState next) {
        return new PerformanceProgress(referenceServed, next, estimated, challenger);
    }

    PerformanceProgress withEstimated(HealthState next) {
        return new PerformanceProgress(referenceServed, measured, next, challenger);
    }

    PerformanceProgress withChallenger(HealthState next) {
        return new PerformanceProgress(referenceServed, measured, estimated, next);
    }
}
