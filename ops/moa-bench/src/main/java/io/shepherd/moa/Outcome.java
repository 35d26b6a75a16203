package io.shepherd.moa;

import java.util.OptionalInt;

/**
 * How one detector did on one stream: its first alarm at or after the drift start (the delay, in events), whether it
 * missed the drift (no alarm within {@code horizon} events of the start), and its false alarms, before the start.
 *
 * @param delay       events from the drift start to the first alarm at or after it; empty when missed
 * @param falseAlarms alarms before the drift start
 * @param watched     events before the drift start, over which false alarms are counted
 */
public record Outcome(OptionalInt delay, int falseAlarms, int watched) {

    public static Outcome of(int[] alarms, int driftStart, int horizon) {
        int falseAlarms = 0;
        OptionalInt delay = OptionalInt.empty();
        for (int alarm : alarms) {
            if (alarm < driftStart) {
                falseAlarms++;
            } else {
                if (alarm < driftStart + horizon) {
                    delay = OptionalInt.of(alarm - driftStart);
                }
                break;
            }
        }
        return new Outcome(delay, falseAlarms, driftStart);
    }

    public boolean missed() {
        return delay.isEmpty();
    }

    public double falseAlarmsPer100k() {
        return falseAlarms * 100_000.0 / watched;
    }
}
