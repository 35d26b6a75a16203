package io.shepherd.streams.window;

import java.time.Duration;

/**
 * The event time a model version's lateness, window closing and grace are judged on: its own latest event time, so
 * that another model's events on the same task (a backfill, a producer that lags or catches up) never make its events
 * late or close its windows. A version may fall at most {@link #MAX_LAG} behind the task's stream time (the latest
 * event time of any version on the task); beyond that its clock follows the task, so the windows of a version that
 * stopped sending (rolled back, retired) still close and its state is let go, and its events that old are dead-lettered
 * LATE with both times in the reason.
 */
public final class VersionClock {

    public static final Duration MAX_LAG = Duration.ofHours(1);
    public static final long NONE = Long.MIN_VALUE;
    /** How often, in the task's stream time, versions that fell behind are looked at. */
    public static final long SWEEP_EVERY_MS = 60_000;

    private VersionClock() {
    }

    /** The version's clock given its own latest event time and the task's stream time ({@link #NONE} when unknown). */
    public static long of(long versionTime, long taskTime) {
        return Math.max(versionTime, lagged(taskTime));
    }

    /** The task's stream time less the largest lag a version may have; {@link #NONE} before the task has seen anything. */
    public static long lagged(long taskTime) {
        return taskTime == NONE ? NONE : taskTime - MAX_LAG.toMillis();
    }
}
