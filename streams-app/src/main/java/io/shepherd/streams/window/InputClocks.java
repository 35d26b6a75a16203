package io.shepherd.streams.window;

import java.util.Arrays;

/**
 * The event time of something fed by several inputs (a model version's features and predictions; its predictions and
 * the task's labels): the earliest of the active inputs' latest event times. Kafka Streams orders a task's records by
 * timestamp only among those it has fetched (and not at all with {@code max.task.idle.ms=-1}), so while a task catches
 * up one input may run ahead of another in event time (a prediction record is a quarter of a feature record's size, and
 * a fetch brings four times as many). Judged on the earliest, an input that is behind neither has its events found late
 * nor its windows closed under it.
 *
 * <p>An input that has sent nothing for {@code idleAfterMs} of wall-clock time is idle and holds nothing back (a
 * version whose feature logging stopped still has its windows closed by its predictions); an input never seen is
 * not waited for, unless it is {@linkplain #expect expected}. When every input is idle the time is the latest of them all. After a restart an input's time is
 * known from the stores and it counts as having just sent.
 *
 * <p>Not thread-safe; one per version or task, in a stream thread.
 */
public final class InputClocks {

    public static final long NONE = Long.MIN_VALUE;

    private final long[] times;
    private final long[] arrivals;

    /** @param inputs how many inputs, numbered from 0 */
    public InputClocks(int inputs) {
        times = new long[inputs];
        arrivals = new long[inputs];
        Arrays.fill(times, NONE);
        Arrays.fill(arrivals, NONE);
    }

    /** An input's record of the given event time arrived at {@code wallNow}. */
    public void saw(int input, long eventTime, long wallNow) {
        if (eventTime > times[input]) {
            times[input] = eventTime;
        }
        arrivals[input] = wallNow;
    }

    /** An input's latest event time as the stores knew it at a restart: it counts as having sent at {@code wallNow}. */
    public void restore(int input, long eventTime, long wallNow) {
        if (eventTime != NONE) {
            saw(input, eventTime, wallNow);
        }
    }

    /**
     * The input is expected from {@code wallNow} on, though none of its records was read yet (a task that starts, whose
     * label partition may be fetched after its prediction partition): until it sends or is idle, {@link #time} is
     * {@link #NONE}, so nothing is judged on the others' times alone.
     */
    public void expect(int input, long wallNow) {
        if (arrivals[input] == NONE) {
            arrivals[input] = wallNow;
        }
    }

    /** The input's latest event time; {@link #NONE} before its first record. */
    public long of(int input) {
        return times[input];
    }

    /** Whether the input has sent within {@code idleAfterMs} before {@code wallNow}. */
    public boolean isActive(int input, long wallNow, long idleAfterMs) {
        return arrivals[input] != NONE && wallNow - arrivals[input] < idleAfterMs;
    }

    /** The latest event time of any input; {@link #NONE} before the first record. */
    public long latest() {
        long latest = NONE;
        for (long t : times) {
            latest = Math.max(latest, t);
        }
        return latest;
    }

    /**
     * The earliest latest event time of the inputs that sent within {@code idleAfterMs} before {@code wallNow}; the latest
     * of all when none did; {@link #NONE} before the first record, or while an expected input has sent nothing.
     */
    public long time(long wallNow, long idleAfterMs) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < times.length; i++) {
            if (isActive(i, wallNow, idleAfterMs)) {
                earliest = Math.min(earliest, times[i]);
            }
        }
        return earliest == Long.MAX_VALUE ? latest() : earliest;
    }
}
