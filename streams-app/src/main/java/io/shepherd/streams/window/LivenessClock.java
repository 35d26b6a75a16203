package io.shepherd.streams.window;

/**
 * The window kernel's liveness rules: when a model version whose predictions stopped counts as silent, and when one
 * counts as stale. Silence is noticed on the task's stream time (other versions move it on: deterministic, what replays
 * and tests drive) and on the wall clock (a stream that stopped altogether has no stream time); either way it is dated
 * at the last event time plus the allowed silence, so the change has the same id whichever noticed it.
 */
public final class LivenessClock {

    private LivenessClock() {
    }

    /** The event time at which a version whose last event was at {@code lastEventTime} becomes silent. */
    public static long silentAt(long lastEventTime, long noDataAfterMs) {
        return lastEventTime + noDataAfterMs;
    }

    /** Silent by the task's stream time; never before the version's first event. */
    public static boolean silentOnStreamTime(long lastEventTime, long noDataAfterMs, long streamTime) {
        return lastEventTime != VersionClock.NONE && streamTime >= silentAt(lastEventTime, noDataAfterMs);
    }

    /** Silent by the wall clock: nothing of the version has arrived in this process for {@code noDataAfterMs}. */
    public static boolean silentOnWallClock(long lastArrivalMs, long noDataAfterMs, long nowMs) {
        return nowMs - lastArrivalMs >= noDataAfterMs;
    }

    /** Stale: deployed longer than {@code maxAgeMs} before the end of the window just closed; never without a limit. */
    public static boolean isStale(long windowEnd, long deployedAt, Long maxAgeMs) {
        return maxAgeMs != null && windowEnd - deployedAt > maxAgeMs;
    }
}
