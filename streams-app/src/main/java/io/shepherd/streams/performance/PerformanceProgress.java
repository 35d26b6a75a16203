package io.shepherd.streams.performance;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.state.BinaryCodec;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * Per model version: how many predictions fell in its reference window so far, and the escalation state of each
 * performance-side source: measured performance, the label-free estimate, and (for a canary or shadow) the comparison
 * with the champion; and the state of the sequential decision on measured performance ({@link SequentialPerformance},
 * mutable: a change to it marks the progress dirty).
 */
public record PerformanceProgress(long referenceServed, HealthState measured, HealthState estimated, HealthState challenger,
                                  SequentialPerformance sequential) {

    /** Format 2: the count and the three escalation states, without the sequential state. Format 1 was JSON. */
    private static final Codec<PerformanceProgress> FORMAT_2 = new BinaryCodec<>((byte) 2, PerformanceProgress.class, (p, out) -> {
        throw new IllegalStateException("format 2 is read, never written");
    }, in -> new PerformanceProgress(in.readLong(), HealthStateBytes.read(in), HealthStateBytes.read(in), HealthStateBytes.read(in),
            SequentialPerformance.initial()), new Codec<>() {
        private final Codec<Format1> json = new VersionedJsonCodec<>((byte) 1, Format1.class);

        @Override
        public byte[] encode(PerformanceProgress value) {
            throw new IllegalStateException("format 1 is read, never written");
        }

        @Override
        public PerformanceProgress decode(byte[] bytes) {
            return json.decode(bytes).upgrade();
        }
    });

    /** Format 1's fields, as JSON wrote them. */
    record Format1(long referenceServed, HealthState measured, HealthState estimated, HealthState challenger) {
        PerformanceProgress upgrade() {
            return new PerformanceProgress(referenceServed, measured, estimated, challenger, SequentialPerformance.initial());
        }
    }

    /**
     * Format 3 (written at every prediction of the reference period and every label after it): the count, the three
     * escalation states ({@link HealthStateBytes}), then the sequential state.
     */
    public static final Codec<PerformanceProgress> CODEC = new BinaryCodec<>((byte) 3, PerformanceProgress.class, (p, out) -> {
        out.writeLong(p.referenceServed());
        HealthStateBytes.write(p.measured(), out);
        HealthStateBytes.write(p.estimated(), out);
        HealthStateBytes.write(p.challenger(), out);
        p.sequential().write(out);
    }, in -> new PerformanceProgress(in.readLong(), HealthStateBytes.read(in), HealthStateBytes.read(in), HealthStateBytes.read(in),
            SequentialPerformance.read(in)), FORMAT_2);

    public static PerformanceProgress initial() {
        return new PerformanceProgress(0, HealthState.initial(), HealthState.initial(), HealthState.initial(), SequentialPerformance.initial());
    }

    PerformanceProgress servedInReference() {
        return new PerformanceProgress(referenceServed + 1, measured, estimated, challenger, sequential);
    }

    PerformanceProgress withMeasured(HealthState next) {
        return new PerformanceProgress(referenceServed, next, estimated, challenger, sequential);
    }

    PerformanceProgress withEstimated(HealthState next) {
        return new PerformanceProgress(referenceServed, measured, next, challenger, sequential);
    }

    PerformanceProgress withChallenger(HealthState next) {
        return new PerformanceProgress(referenceServed, measured, estimated, next, sequential);
    }
}
