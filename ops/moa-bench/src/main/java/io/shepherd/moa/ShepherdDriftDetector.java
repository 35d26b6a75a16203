package io.shepherd.moa;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.streams.drift.DriftSettings;
import io.shepherd.streams.drift.FeatureSketches;
import io.shepherd.streams.drift.ReferenceState;
import io.shepherd.streams.drift.WindowScorer;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.window.WindowGrid;
import io.shepherd.streams.window.WindowKernel;

/**
 * Shepherd's distribution-drift escalation over the feature values, composed as the streams app composes it
 * (DriftProcessor and WindowCloser): event t is at event time t ms, goes into the reference while its FIRST_EVENTS
 * reference is incomplete and into its pane of the {@link WindowGrid}; a window is scored by {@link WindowScorer} against
 * the reference once the app's {@link WindowKernel} closes it (its end plus grace), and its signals vote in {@link Escalation} with the
 * policy's hysteresis. An alarm is every rise of the level (to the WARNING a drifting model gets by default), a new rise after a recovery
 * included.
 */
public final class ShepherdDriftDetector implements Detector {

    private final DriftSettings settings;

    public ShepherdDriftDetector(ModelPolicy policy) {
        this.settings = DriftSettings.of(policy);
        if (settings.referenceKind() != ReferenceState.Kind.FIRST_EVENTS) {
            throw new IllegalArgumentException("a stream without deployment time needs a FIRST_EVENTS reference, not "
                    + settings.referenceKind());
        }
    }

    @Override
    public String name() {
        return "Shepherd drift escalation";
    }

    @Override
    public Input input() {
        return Input.FEATURES;
    }

    @Override
    public int[] alarms(RecordedStream stream) {
        WindowGrid grid = settings.grid();
        ReferenceState reference = new ReferenceState("reference", ReferenceState.Kind.FIRST_EVENTS, settings.referenceEvents(), 0,
                Long.MAX_VALUE, sketches());
        TreeMap<Long, FeatureSketches> panes = new TreeMap<>();
        HealthState health = HealthState.initial();
        Alarms alarms = new Alarms();
        long lastClosedEnd = WindowKernel.NONE;
        for (int t = 0; t < stream.length(); t++) {
            Map<String, Object> features = features(stream, t);
            if (reference.acceptsServed(t)) {
                reference.add(features);
            }
            panes.computeIfAbsent(grid.paneStart(t), p -> sketches()).add(features, reference::anchor);
            reference.advance(t, settings.minSamples());
            // The app's own window kernel decides, at each event's time, which windows close and which panes go.
            WindowKernel.Closing closing = WindowKernel.close(grid, lastClosedEnd, panes.navigableKeySet(), t);
            for (WindowKernel.Window window : closing.windows()) {
                HealthState next = close(window, panes, reference, health);
                if (next.level().compareTo(health.level()) > 0) {
                    alarms.raise(t);
                }
                health = next;
            }
            closing.released().forEach(panes::remove);
            lastClosedEnd = closing.lastClosedEnd();
        }
        return alarms.toArray();
    }

    private HealthState close(WindowKernel.Window closed, TreeMap<Long, FeatureSketches> panes, ReferenceState reference,
                              HealthState health) {
        long start = closed.start();
        long end = closed.end();
        FeatureSketches window = sketches();
        closed.panes().forEach(pane -> window.merge(panes.get(pane)));
        WindowScorer.Result result = WindowScorer.score(reference, window, settings);
        if (!result.sufficient()) {
            return health;
        }
        return Escalation.evolve(health, new WindowAssessment(start, end, reference.id(), result.signals(), List.of()),
                settings.hysteresis()).state();
    }

    private FeatureSketches sketches() {
        return new FeatureSketches(settings.compression(), settings.maxCategories());
    }

    private static Map<String, Object> features(RecordedStream stream, int t) {
        Map<String, Object> features = new HashMap<>();
        for (int f = 0; f < stream.features().length; f++) {
            features.put(stream.features()[f], stream.values()[t][f]);
        }
        return features;
    }
}
