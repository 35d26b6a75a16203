package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
import io.shepherd.streams.state.LiveObjects;

/**
 * Scores, in order, every window of every version on this task that stream time has closed: merges the window's
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
    private long nextCheck = Long.MIN_VALUE;

    WindowCloser(DriftContext drift, ProcessorContext<String, Object> context, DriftState state, LiveObjects<VersionProgress> progress,
                 ModelDirectory directory, Map<String, TreeSet<Long>> openPanes) {
        this.drift = drift;
        this.context = context;
        this.state = state;
        this.progress = progress;
        this.directory = directory;
        this.openPanes = openPanes;
    }

    /** A new pane may close before anything known so far. */
    void paneOpened(String versionKey, long paneStart) {
        DriftSettings s = drift.settings(PaneKeys.modelOf(versionKey));
        nextCheck = Math.min(nextCheck, s.grid().firstWindowEndOf(paneStart) + s.grid().graceMs());
    }

    void closeUpTo(long streamTime) {
        if (streamTime < nextCheck) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (String version : new ArrayList<>(openPanes.keySet())) {
            DriftSettings s = drift.settings(PaneKeys.modelOf(version));
            closeVersion(version, s, streamTime);
            TreeSet<Long> remaining = openPanes.get(version);
            if (remaining != null) {
                long lastScored = progress.get(version).lastScoredWindowEnd();
                long nextEnd = Math.max(lastScored == VersionProgress.NONE ? Long.MIN_VALUE : lastScored + s.grid().advanceMs(),
                        s.grid().firstWindowEndOf(remaining.first()));
                next = Math.min(next, nextEnd + s.grid().graceMs());
            }
        }
        nextCheck = next;
    }

    private void closeVersion(String version, DriftSettings s, long streamTime) {
        WindowGrid grid = s.grid();
        TreeSet<Long> open = openPanes.get(version);
        long lastClosed = grid.lastClosedWindowEnd(streamTime);
        VersionProgress prog = progress.getOrCreate(version, VersionProgress::initial);
        long end = prog.lastScoredWindowEnd() == VersionProgress.NONE ? grid.firstWindowEndOf(open.first())
                : prog.lastScoredWindowEnd() + grid.advanceMs();
        while (end <= lastClosed && !open.isEmpty()) {
            // Skip over windows with no data at all.
            end = Math.max(end, grid.firstWindowEndOf(open.first()));
            if (end > lastClosed) {
                break;
            }
            List<Long> covered = new ArrayList<>();
            for (long pane : grid.panesOf(end)) {
                if (open.contains(pane)) {
                    covered.add(pane);
                }
            }
            prog = score(version, end, covered, s, prog);
            deletePanesBefore(version, open, end, grid);
            end += grid.advanceMs();
        }
        progress.put(version, prog);
        if (open.isEmpty()) {
            openPanes.remove(version);
        }
    }

    private VersionProgress score(String version, long end, List<Long> covered, DriftSettings s, VersionProgress prog) {
        String modelId = PaneKeys.modelOf(version);
        String modelVersion = version.substring(modelId.length() + 1);
        FeatureSketches current = new FeatureSketches(s.compression(), s.maxCategories());
        for (long pane : covered) {
            current.merge(state.pane(version, pane));
        }
        ReferenceState reference = state.reference(version);
        String referenceId = reference == null ? "none" : reference.id();
        long start = end - s.grid().sizeMs();
        WindowScorer.Result result = WindowScorer.score(reference, current, s);
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

    /** Panes whose last window has been scored are no longer needed. */
    private void deletePanesBefore(String version, TreeSet<Long> open, long scoredEnd, WindowGrid grid) {
        for (Iterator<Long> it = open.iterator(); it.hasNext();) {
            long pane = it.next();
            if (grid.lastWindowEndOf(pane) > scoredEnd) {
                break;
            }
            state.closePane(version, pane);
            it.remove();
        }
    }
}
