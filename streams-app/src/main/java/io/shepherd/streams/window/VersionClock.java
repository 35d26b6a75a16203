package io.shepherd.streams.window;

import java.time.Duration;

/**
 * The event time a model version's lateness, window closing and grace are judged on: its own latest event time, so
 * that another model's events on the same task (a backfill, a producer that lags or catches up) never make its events
 * late or close its windows. A version may fall at most {@code maxLag} behind the task's stream time (the latest event
 * time of any version on the task); beyond that its clock follows the task, so the windows of a version that stopped
 * sending (rolled back, retired) still close and its state is let go, and its events that old are dead-lettered LATE
 * with both times in the reason.
 *
 * <p>Where a version's time comes from several inputs (its features and predictions, its predictions and the labels),
 * it is the earliest of the inputs that are not idle ({@link InputClocks}).
 *
 * @param maxLag    how far a version's event time may fall behind its partition's (setting {@code version.max.lag.ms})
 * @param inputIdle how long (wall clock) one input of a version may send nothing before the others alone move its
 *                  time (setting {@code input.idle.ms})
 */
public record VersionClock(Duration maxLag, Duration inputIdle) {

    public static final Duration DEFAULT_INPUT_IDLE = Duration.ofSeconds(30);
    public static final VersionClock DEFAULT = new VersionClock(Duration.ofHours(1));
    public static final long NONE = Long.MIN_VALUE;
    /** How often, in the task's stream time, versions that fell behind are looked at. */
    public static final long SWEEP_EVERY_MS = 60_000;

    public VersionClock {
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("the lag a version may have behind its partition cannot be negative: " + maxLag);
        }
        if (inputIdle.isNegative() || inputIdle.isZero()) {
            throw new IllegalArgumentException("the time after which a silent input is idle must be positive: " + inputIdle);
        }
    }

    public VersionClock(Duration maxLag) {
        this(maxLag, DEFAULT_INPUT_IDLE);
    }

    /** The time of several inputs ({@link InputClocks#time}) at {@code wallNow}, with this clock's idle rule. */
    public long of(InputClocks inputs, long wallNow) {
        return inputs.time(wallNow, inputIdle.toMillis());
    }

    /** Whether the input has sent within this clock's idle time before {@code wallNow}. */
    public boolean isActive(InputClocks inputs, int input, long wallNow) {
        return inputs.isActive(input, wallNow, inputIdle.toMillis());
    }

    /** The version's clock given its own latest event time and the task's stream time ({@link #NONE} when unknown). */
    public long of(long versionTime, long taskTime) {
        return Math.max(versionTime, lagged(taskTime));
    }

    /** The task's stream time less the largest lag a version may have; {@link #NONE} before the task has seen anything. */
    public long lagged(long taskTime) {
        return taskTime == NONE ? NONE : taskTime - maxLag.toMillis();
    }
}
