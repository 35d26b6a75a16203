package io.shepherd.streams.drift;

import java.util.ArrayList;
import java.util.HashMap;
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
import io.shepherd.streams.state.LiveObjectStore;

/**
 * Scores, in order, every window of a version that the version's own event time has closed: merges the window's
 * panes, scores it against the reference, publishes a DriftScored per feature, feeds the window to the drift escalation
 * and passes a change of its level (or a heartbeat) to the {@link HealthCombiner}. Panes no later window needs are deleted.
 */
final class WindowCloser {

    static final String SCORES_SINK = "drift-scores-sink";
    static final String RETRAINING_SINK = "retraining-requests-sink";

    private final DriftContext drift;
    private final ProcessorContext<String, Object> context;
    private final LiveObjectStore<FeatureSketches> panes;
    private final LiveObjectStore<ReferenceState> references;
    private final LiveObjectStore<VersionProgress> progress;
    private final ModelDirectory directory;
    private final Map<String, TreeSet<Long>> openPanes;
    /** Per version key, the event time at which its next window closes; none known yet after a restart. */
    private final Map<String, Long> nextCheck = new HashMap<>();

    WindowCloser(DriftContext drift, ProcessorContext<String, Object> context, LiveObjectStore<FeatureSketches> panes,
                 LiveObjectStore<ReferenceState> references, LiveObjectStore<VersionProgress> progress, ModelDirectory directory,
                 Map<String, TreeSet<Long>> openPanes) {
        this.drift = drift;
        this.context = context;
        this.panes = panes;
        this.references = references;
        this.progress = progress;
        this.directory = directory;
        this.openPanes = openPanes;
    }

    /** A new pane may close before anything known so far of its version. */
    void paneOpened(String versionKey, long paneStart) {
        DriftSettings s = drift.settings(PaneKeys.modelOf(versionKey));
        long closes = s.grid().firstWindowEndOf(paneStart) + s.grid().graceMs();
        nextCheck.merge(versionKey, closes, Math::min);
    }

    /** Scores the version's windows that its own latest event time has closed. */
    void closeUpTo(String version, long versionTime) {
        Long next = nextCheck.get(version);
        if (versionTime == VersionProgress.NONE || next != null && versionTime < next || !openPanes.containsKey(version)) {
            return;
        }
        DriftSettings s = drift.settings(PaneKeys.modelOf(version));
        closeVersion(version, s, versionTime);
        TreeSet<Long> remaining = openPanes.get(version);
        if (remaining == null) {
            nextCheck.remove(version);
            return;
        }
        long lastScored = progress.get(version).lastScoredWindowEnd();
        long nextEnd = Math.max(lastScored == VersionProgress.NONE ? Long.MIN_VALUE : lastScored + s.grid().advanceMs(),
                s.grid().firstWindowEndOf(remaining.first()));
        nextCheck.put(version, nextEnd + s.grid().graceMs());
    }

    /** Scores the windows of every version that {@code clock} (the partition's time less the largest lag) has closed. */
    void closeLagging(long clock) {
        for (String version : new ArrayList<>(openPanes.keySet())) {
            closeUpTo(version, clock);
        }
    }

    private void closeVersion(String version, DriftSettings s, long versionTime) {
        WindowGrid grid = s.grid();
        TreeSet<Long> open = openPanes.get(version);
        long lastClosed = grid.lastClosedWindowEnd(versionTime);
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
            current.merge(panes.get(PaneKeys.of(version, pane)));
        }
        ReferenceState reference = references.get(version);
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
            panes.delete(PaneKeys.of(version, pane));
            it.remove();
        }
    }
}
