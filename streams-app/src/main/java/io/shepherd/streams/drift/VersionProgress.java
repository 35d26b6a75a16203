package io.shepherd.streams.drift;

import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.state.BinaryCodec;
import io.shepherd.streams.state.Codec;
import io.shepherd.streams.state.VersionedJsonCodec;

/**
 * How far the drift engine got with one model version: the end of the last window it scored, the latest event time
 * it saw of each input (features and predictions: the version's clock is the earliest of them, {@link
 * io.shepherd.streams.window.InputClocks}), the escalation state, and how many windows in a row have drifted (for
 * retraining requests).
 */
public record VersionProgress(long lastScoredWindowEnd, long featuresTime, long predictionsTime, HealthState health, int driftStreak) {

    /** The inputs, as numbered in {@link io.shepherd.streams.window.InputClocks}. */
    public static final int FEATURES = 0;
    public static final int PREDICTIONS = 1;
    public static final int INPUTS = 2;
    public static final long NONE = Long.MIN_VALUE;

    public static VersionProgress initial() {
        return new VersionProgress(NONE, NONE, NONE, HealthState.initial(), 0);
    }

    /** The latest event time of either input. */
    public long maxEventTime() {
        return Math.max(featuresTime, predictionsTime);
    }

    /** The latest event time of the input ({@link #FEATURES} or {@link #PREDICTIONS}). */
    public long timeOf(int input) {
        return input == FEATURES ? featuresTime : predictionsTime;
    }

    public VersionProgress scored(long windowEnd, HealthState newHealth) {
        return new VersionProgress(windowEnd, featuresTime, predictionsTime, newHealth, driftStreak);
    }

    /** The input's latest event time moved to {@code eventTime}, when that is later. */
    public VersionProgress saw(int input, long eventTime) {
        if (eventTime <= timeOf(input)) {
            return this;
        }
        return input == FEATURES ? new VersionProgress(lastScoredWindowEnd, eventTime, predictionsTime, health, driftStreak)
                : new VersionProgress(lastScoredWindowEnd, featuresTime, eventTime, health, driftStreak);
    }

    public VersionProgress withDriftStreak(int streak) {
        return new VersionProgress(lastScoredWindowEnd, featuresTime, predictionsTime, health, streak);
    }

    /** Formats 1 (JSON) and 2 (binary) kept one latest event time for both inputs. */
    public record OneClock(long lastScoredWindowEnd, long maxEventTime, HealthState health, int driftStreak) {

        public VersionProgress upgraded() {
            return new VersionProgress(lastScoredWindowEnd, maxEventTime, maxEventTime, health, driftStreak);
        }
    }

    /** Reads and writes format 2, and reads format 1: the previous releases' records. */
    public static final Codec<OneClock> PREVIOUS_FORMATS = new BinaryCodec<>((byte) 2, OneClock.class, (p, out) -> {
        out.writeLong(p.lastScoredWindowEnd());
        out.writeLong(p.maxEventTime());
        HealthStateBytes.write(p.health(), out);
        out.writeInt(p.driftStreak());
    }, in -> new OneClock(in.readLong(), in.readLong(), HealthStateBytes.read(in), in.readInt()),
            new VersionedJsonCodec<>((byte) 1, OneClock.class));

    /**
     * Format 3 (written once per commit when it changed): the end of the last scored window, the two inputs' times,
     * the escalation state ({@link HealthStateBytes}) and the drift streak. Formats 2 and 1 are read as a version both
     * of whose inputs reached their one time.
     */
    public static final Codec<VersionProgress> CODEC = new BinaryCodec<>((byte) 3, VersionProgress.class, (p, out) -> {
        out.writeLong(p.lastScoredWindowEnd());
        out.writeLong(p.featuresTime());
        out.writeLong(p.predictionsTime());
        HealthStateBytes.write(p.health(), out);
        out.writeInt(p.driftStreak());
    }, in -> new VersionProgress(in.readLong(), in.readLong(), in.readLong(), HealthStateBytes.read(in), in.readInt()),
            new Codec<>() {
                @Override
                public byte[] encode(VersionProgress value) {
                    throw new UnsupportedOperationException("VersionProgress is written in format 3 only");
                }

                @Override
                public VersionProgress decode(byte[] bytes) {
                    if (bytes.length == 0 || bytes[0] != 1 && bytes[0] != 2) {
                        throw new IllegalArgumentException("unknown VersionProgress format " + (bytes.length == 0 ? "(empty)" : bytes[0])
                                + ", expected 3, 2 or 1");
                    }
                    return PREVIOUS_FORMATS.decode(bytes).upgraded();
                }
            });
}
