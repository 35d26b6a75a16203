package io.shepherd.moa;

import java.util.OptionalInt;

/**
 * How one detector did on one stream, every alarm counted once by one definition for all detectors (a MOA detector's
 * reported change, a rise of Shepherd's escalation):
 * <ul>
 *   <li>false alarms: alarms while only the concept before had been shown (before the first new-concept event), or
 *       anywhere in a no-drift control;</li>
 *   <li>lead-in alarms: alarms between the first new-concept event and the nominal drift start, which a gradual drift
 *       has (its sigmoid draws a few new-concept events before its start); neither false nor a detection;</li>
 *   <li>the delay: from the drift start to the first alarm at or after it, within {@code horizon} events; a miss
 *       without one.</li>
 * </ul>
 *
 * @param delay        events from the drift start to the first alarm at or after it; empty when missed or a control
 * @param falseAlarms  alarms while the stream showed only the concept before
 * @param leadInAlarms alarms in the lead-in
 * @param watched      events over which false alarms are counted
 * @param control      a stream without drift, which has no delay and no misses
 */
public record Outcome(OptionalInt delay, int falseAlarms, int leadInAlarms, int watched, boolean control) {

    /**
     * @param leadInStart the first event of the new concept, or {@code driftStart} if that came later (an abrupt drift)
     */
    public static Outcome of(int[] alarms, int leadInStart, int driftStart, int horizon) {
        if (leadInStart > driftStart) {
            throw new IllegalArgumentException("the lead-in starts at " + leadInStart + ", after the drift start " + driftStart);
        }
        int falseAlarms = 0;
        int leadIn = 0;
        OptionalInt delay = OptionalInt.empty();
        for (int alarm : alarms) {
            if (alarm < leadInStart) {
                falseAlarms++;
            } else if (alarm < driftStart) {
                leadIn++;
            } else {
                if (alarm < driftStart + horizon) {
                    delay = OptionalInt.of(alarm - driftStart);
                }
                break;
            }
        }
        return new Outcome(delay, falseAlarms, leadIn, leadInStart, false);
    }

    /** A no-drift control of {@code length} events: every alarm is false. */
    public static Outcome control(int[] alarms, int length) {
        return new Outcome(OptionalInt.empty(), alarms.length, 0, length, true);
    }

    public boolean missed() {
        return !control && delay.isEmpty();
    }

    public double falseAlarmsPer100k() {
        return falseAlarms * 100_000.0 / watched;
    }
}
