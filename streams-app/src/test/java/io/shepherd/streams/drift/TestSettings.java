package io.shepherd.streams.drift;

import java.util.Map;

import io.shepherd.streams.health.Hysteresis;
import io.shepherd.streams.window.WindowGrid;

/** Demo-scale policy values for topology tests: 10 s windows every 5 s, 1 s of grace. */
final class TestSettings {

    static final long SIZE = 10_000;
    static final long ADVANCE = 5_000;
    static final long GRACE = 1_000;

    private TestSettings() {
    }

    static DriftSettings demo(long minSamples, long referenceEvents) {
        return demo(minSamples, referenceEvents, 1e6);
    }

    /** With the drift test's budget: 0 judges drift by its size alone. */
    static DriftSettings demo(long minSamples, long referenceEvents, double driftFalseAlarmBudget) {
        return new DriftSettings(new WindowGrid(SIZE, ADVANCE, GRACE), minSamples, 100, 200, 10,
                "psi", 0.2, "psi", 0.2, 0.05, "BH", 0.05, driftFalseAlarmBudget, Map.of(), 0.1, Double.MAX_VALUE,
                0.1, 0.01, 0.05, 0.05, false, new Hysteresis(2, 3, 0),
                ReferenceState.Kind.FIRST_EVENTS, referenceEvents, 60_000, 0, 0);
    }
}
