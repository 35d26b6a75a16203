package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.Variant;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthCombiner;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.SourcedChange;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.monitoring.TaskMetrics;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.window.WindowKernel;

/**
 * Scores, in order, every window of a version that the {@link WindowKernel} closes at the version's clock: merges the window's
 * panes, scores it against the reference, publishes a DriftScored per feature, feeds the window to the drift escalation
 * and passes a change of its level (or a heartbeat) to the {@link HealthCombiner}. Panes no later window needs are deleted.
 */
final class WindowCloser {

    static final String SCORES_SINK = "drift-scores-sink";
    static final String RETRAINING_SINK = "retraining-requests-sink";

    private final DriftContext drift;
    private final ProcessorContext<String, Object> context;
    private final DriftState state;
    private final LiveObjects<VersionProgress> progress;
    private final ModelDirectory directory;
    private final Map<String, TreeSet<Long>> openPanes;
    /** Per version key, the event time at which its next window closes; none known yet after a restart. */
    private final Map<String, Long> nextCheck = new HashMap<>();
    /** Per version key with open panes, the features its last window scored. */
    private final Map<String, Integer> seriesByVersion = new HashMap<>();
    private final TaskMetrics metrics;
    private final Sensor windowsJudged;
    private final Sensor seriesHeld;

    WindowCloser(DriftContext drift, ProcessorContext<String, Object> context, DriftState state, LiveObjects<VersionProgress> progress,
                 ModelDirectory directory, Map<String, TreeSet<Long>> openPanes) {
        this.drift = drift;
        this.context = context;
        this.state = state;
        this.progress = progress;
        this.directory = directory;
        this.openPanes = openPanes;
        metrics = TaskMetrics.of(context, "drift-windows");
        windowsJudged = metrics.counter("windows-judged-total", "Windows closed and judged by the task", "kind", "drift");
        seriesHeld = metrics.gauge("series-held", "Monitored series (version x feature) with open drift windows in the task,"
                + " as of each version's last judged window");
    }

    void close() {
        metrics.close();
    }

    /** A new pane may close before anything known so far of its version. */
    void paneOpened(String versionKey, long paneStart) {
        DriftSettings s = drift.settings(PaneKeys.modelOf(versionKey));
        long closes = s.grid().firstWindowEndOf(paneStart) + s.grid().graceMs();
        nextCheck.merge(versionKey, closes, Math::min);
    }

    /** Scores the version's windows that its clock ({@link io.shepherd.streams.window.VersionClock}) has closed. */
    void closeUpTo(String version, long clock) {
        Long next = nextCheck.get(version);
        TreeSet<Long> open = openPanes.get(version);
        if (clock == WindowKernel.NONE || next != null && clock < next || open == null) {
            return;
        }
        DriftSettings s = drift.settings(PaneKeys.modelOf(version));
        VersionProgress prog = progress.getOrCreate(version, VersionProgress::initial);
        WindowKernel.Closing closing = WindowKernel.close(s.grid(), prog.lastScoredWindowEnd(), open, clock);
        for (WindowKernel.Window window : closing.windows()) {
            prog = score(version, window, s, prog);
        }
        for (long pane : closing.released()) {
            state.closePane(version, pane);
            open.remove(pane);
        }
        if (!closing.windows().isEmpty()) {
            progress.put(version, prog);
        }
        if (open.isEmpty()) {
            openPanes.remove(version);
            nextCheck.remove(version);
            countSeries(version, null);
        } else {
            nextCheck.put(version, WindowKernel.nextClose(s.grid(), prog.lastScoredWindowEnd(), open));
        }
    }

    /** Scores the windows of every version that {@code clock} (the partition's time less the largest lag) has closed. */
    void closeLagging(long clock) {
        for (String version : new ArrayList<>(openPanes.keySet())) {
            closeUpTo(version, clock);
        }
    }

    private VersionProgress score(String version, WindowKernel.Window window, DriftSettings s, VersionProgress prog) {
        String modelId = PaneKeys.modelOf(version);
        String modelVersion = version.substring(modelId.length() + 1);
        FeatureSketches current = new FeatureSketches(s.compression(), s.maxCategories());
        for (long pane : window.panes()) {
            current.merge(state.pane(version, pane));
        }
        ReferenceState reference = state.reference(version);
        String referenceId = reference == null ? "none" : reference.id();
        long start = window.start();
        long end = window.end();
        WindowScorer.Result result = WindowScorer.score(reference, current, s);
        windowsJudged.record();
        countSeries(version, result.features().size());
        List<String> drifting = new ArrayList<>();
        for (FeatureVerdict v : result.features()) {
            context.forward(new Record<String, Object>(modelId, DriftEvents.scored(modelId, modelVersion, v, start, end, referenceId), end),
                    SCORES_SINK);
            if (v.verdict() == DriftVerdict.DRIFT) {
                drifting.add(DriftEvents.scoreId(modelId, modelVersion, v.feature(), end));
            }
        }
        if (!result.sufficient()) {
            return prog.scored(end, prog.health());
        }
        Escalation.Decision decision = Escalation.evolve(prog.health(),
                new WindowAssessment(start, end, referenceId, result.signals(), drifting), s.hysteresis());
        decision.change().ifPresent(change -> context.forward(new Record<String, Object>(modelId,
                new SourcedChange(SourcedChange.DRIFT, modelId, modelVersion, variant(modelId, modelVersion), change), end),
                HealthCombiner.NAME));
        return retrainWhenDriftLasts(prog.scored(end, decision.state()), modelId, modelVersion,
                new WindowAssessment(start, end, referenceId, result.signals(), drifting));
    }

    private void countSeries(String version, Integer features) {
        Integer before = features == null ? seriesByVersion.remove(version) : seriesByVersion.put(version, features);
        if (!java.util.Objects.equals(before, features)) {
            seriesHeld.record(seriesByVersion.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    /** A retraining request when the model has drifted for the policy's number of windows in a row, once per streak. */
    private VersionProgress retrainWhenDriftLasts(VersionProgress prog, String modelId, String modelVersion, WindowAssessment window) {
        boolean drifted = window.signals().stream().anyMatch(s -> s.cause().equals(Signal.DRIFT) && s.severity() != HealthLevel.NONE);
        int streak = drifted ? prog.driftStreak() + 1 : 0;
        int after = drift.retrainAfterByModel().apply(modelId);
        if (after > 0 && streak == after) {
            context.forward(new Record<String, Object>(modelId, DriftEvents.retraining(modelId, modelVersion, streak, window),
                    window.windowEnd()), RETRAINING_SINK);
        }
        return prog.withDriftStreak(streak);
    }

    private Variant variant(String modelId, String version) {
        return directory.version(modelId, version).map(v -> Variant.valueOf(v.variant())).orElse(Variant.CHAMPION);
    }
}
