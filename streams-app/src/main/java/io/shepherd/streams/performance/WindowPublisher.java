package io.shepherd.streams.performance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.ModelTask;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthCombiner;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.SourcedChange;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.monitoring.TaskMetrics;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PerformanceLimits;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.window.InputClocks;
import io.shepherd.streams.window.VersionClock;
import io.shepherd.streams.window.WindowGrid;
import io.shepherd.streams.window.WindowKernel;
import io.shepherd.streams.state.TimeKeys;

/**
 * Moves the performance windows of each model version along the version's own clock ({@link VersionClock}: its own
 * event time, never a time moved on by another model's events), every tick and as soon as a window closes (its end plus
 * the grace period), so a window is judged when it can be rather than at the next tick: a closed window whose labels changed is
 * restated (PerformanceScored, revision + 1); on closing, its label-free estimate is judged once; once it has enough
 * labels (or its label delay has passed) it votes, in window order, in the version's performance escalation, and a
 * canary or shadow is compared with its champion; when its label delay has passed it is restated a last time with
 * its expired-unlabelled count and dropped.
 */
final class WindowPublisher {

    private final PerformanceContext performance;
    private final ProcessorContext<String, Object> context;
    private final LiveObjects<PerformanceWindow> windows;
    private final LiveObjects<PerformanceWindow> baselines;
    private final LiveObjects<PerformanceProgress> progress;
    private final ModelDirectory directory;
    private final ChallengerJudge challengers;
    private final Map<String, TreeSet<Long>> open = new HashMap<>();
    /** Each version's own clock: the latest event time of its predictions and of the labels joined to them. */
    private final Map<String, Clock> clocks = new HashMap<>();
    /**
     * The task's inputs: its versions' own events (predictions and the labels joined to them), and every label that
     * reached it. A version's label delays pass on the labels' time while labels arrive (the task may have read the
     * predictions further: the labels come through a repartition topic the app fills itself), so that a window does not expire before labels of its time
     * were read; versions more than {@link VersionClock#maxLag} behind the latest of them follow it.
     */
    private final InputClocks taskInputs = new InputClocks(2);
    private static final int OWN = 0;
    private static final int LABELS = 1;
    private long nextSweep = VersionClock.NONE;
    private final Sensor windowsJudged;

    /**
     * A version's latest event time, when it is next moved along in any case (a tick of event time), and when its
     * earliest open window not yet closed closes (end + grace): the latest it may next be moved along.
     */
    private static final class Clock {
        long time = Long.MIN_VALUE;
        long nextTick = Long.MIN_VALUE;
        /** Wall-clock time of the version's last restatement round that only added labels; none yet. */
        long restatedAt = Long.MIN_VALUE;
        long nextClose = Long.MAX_VALUE;
    }

    WindowPublisher(PerformanceContext performance, ProcessorContext<String, Object> context, LiveObjects<PerformanceWindow> windows,
                    LiveObjects<PerformanceWindow> baselines, LiveObjects<PerformanceProgress> progress, ModelDirectory directory) {
        this.performance = performance;
        this.context = context;
        this.windows = windows;
        this.baselines = baselines;
        this.progress = progress;
        this.directory = directory;
        this.challengers = new ChallengerJudge(context, windows, directory, performance.policies());
        this.windowsJudged = TaskMetrics.of(context, "performance-windows").counter("windows-judged-total",
                "Windows closed and judged by the task", "kind", "performance");
        // A starting task may read its predictions before its first labels: the labels are waited for until they are idle.
        taskInputs.expect(LABELS, context.currentSystemTimeMs());
        for (String key : windows.keysWithPrefix("")) {
            open.computeIfAbsent(TimeKeys.prefixOf(key), k -> new TreeSet<>()).add(TimeKeys.timeOf(key));
        }
    }

    void opened(String versionKey, long windowStart) {
        open.computeIfAbsent(versionKey, k -> new TreeSet<>()).add(windowStart);
        Clock clock = clock(versionKey);
        clock.nextClose = Math.min(clock.nextClose, closesAt(modelOf(versionKey), windowStart));
    }

    private Clock clock(String versionKey) {
        return clocks.computeIfAbsent(versionKey, k -> new Clock());
    }

    private long closesAt(String modelId, long windowStart) {
        ModelPolicy policy = performance.policies().apply(modelId);
        return windowStart + policy.windowSize().toMillis() + policy.gracePeriod().toMillis();
    }

    private static String modelOf(String versionKey) {
        return versionKey.substring(0, versionKey.lastIndexOf('|'));
    }

    /** A window of the version past its label delay (on the version's own clock) takes no more predictions. */
    boolean isExpired(String versionKey, long windowEnd) {
        long now = labelsNow(clocks.get(versionKey));
        return now != VersionClock.NONE && windowEnd + performance.labelDelayMs(modelOf(versionKey)) <= now;
    }

    /** The version's clock: windows close (end plus grace) on it. */
    private long now(Clock clock) {
        return performance.clock().of(clock == null ? VersionClock.NONE : clock.time, taskInputs.latest());
    }

    /**
     * The time the version's label delays pass on: its clock, held back to the labels' time while labels arrive, so a
     * window does not expire before the labels of its time were read.
     */
    private long labelsNow(Clock clock) {
        long own = clock == null ? VersionClock.NONE : clock.time;
        if (own != VersionClock.NONE && performance.clock().isActive(taskInputs, LABELS, context.currentSystemTimeMs())) {
            own = Math.min(own, taskInputs.of(LABELS));
        }
        return performance.clock().of(own, taskInputs.latest());
    }

    /** A label of the given event time reached the task, joined or not. */
    void labelArrived(long eventTime) {
        taskInputs.saw(LABELS, eventTime, context.currentSystemTimeMs());
    }

    /**
     * The time waiting predictions expire on: the earliest of the task's predictions and of the labels while they
     * arrive, at most {@link VersionClock#maxLag} behind the latest of them.
     */
    long joinTime() {
        long wall = context.currentSystemTimeMs();
        return Math.max(performance.clock().of(taskInputs, wall), performance.clock().lagged(taskInputs.latest()));
    }

    /** The version's clock moves to an event time of its own (a prediction, or a label joined to one of its predictions). */
    void advance(String versionKey, long eventTime) {
        Clock clock = clock(versionKey);
        clock.time = Math.max(clock.time, eventTime);
        taskInputs.saw(OWN, eventTime, context.currentSystemTimeMs());
        long now = now(clock);
        if (now >= clock.nextTick || now >= clock.nextClose) {
            List<String> expired = new ArrayList<>();
            moveAlong(versionKey, clock, expired);
            drop(expired);
        }
        long taskTime = taskInputs.latest();
        if (taskTime >= nextSweep) {
            // Versions that stopped sending move along once the task is maxLag past them.
            nextSweep = taskTime + VersionClock.SWEEP_EVERY_MS;
            tick();
        }
    }

    /**
     * Restates, judges and expires what each version's clock allows. Also run on the wall clock: labels of several
     * partitions arrive interleaved, so a version's clock may have passed a window's end before the window's last labels
     * are joined, and without a later record nothing would restate it.
     */
    void tick() {
        List<String> expired = new ArrayList<>();
        for (String versionKey : open.keySet()) {
            moveAlong(versionKey, clock(versionKey), expired);
        }
        drop(expired);
    }

    private void drop(List<String> expired) {
        for (String windowKey : expired) {
            windows.delete(windowKey);
            TreeSet<Long> starts = open.get(TimeKeys.prefixOf(windowKey));
            starts.remove(TimeKeys.timeOf(windowKey));
            if (starts.isEmpty()) {
                open.remove(TimeKeys.prefixOf(windowKey));
            }
        }
    }

    private void moveAlong(String key, Clock clock, List<String> expired) {
        TreeSet<Long> starts = open.get(key);
        long versionTime = now(clock);
        if (versionTime == VersionClock.NONE || starts == null) {
            return;
        }
        long labelsTime = labelsNow(clock);
        clock.nextTick = versionTime + performance.tick().toMillis();
        clock.nextClose = Long.MAX_VALUE;
        String modelId = modelOf(key);
        ModelPolicy policy = performance.policies().apply(modelId);
        long size = policy.windowSize().toMillis();
        WindowGrid grid = WindowGrid.tumbling(size, policy.gracePeriod().toMillis());
        boolean voting = true;
        long wall = context.currentSystemTimeMs();
        boolean restating = isRestatingDue(clock, versionTime, wall);
        boolean restated = false;
        for (long start : starts) {
            long end = start + size;
            if (!grid.isClosed(end, versionTime)) {
                clock.nextClose = Math.min(clock.nextClose, end + grid.graceMs());
                break;
            }
            String windowKey = TimeKeys.of(key, start);
            PerformanceWindow w = windows.get(windowKey);
            WindowKernel.LabelledStep step = WindowKernel.step(new WindowKernel.LabelledWindow(end, w.estimated, w.labelled,
                    w.publishedLabelled, w.voted, enoughLabels(w, policy)), labelsTime, performance.labelDelayMs(modelId), voting);
            WindowJudgement judged = new WindowJudgement(key, modelId, start, end, w, policy, baselines.get(key), declared(key, modelId));
            if (step.estimate()) {
                estimate(judged);
            }
            boolean onlyLabels = !step.expired() && !step.vote() && w.publishedLabelled >= 0;
            if (step.restate() && (restating || !onlyLabels)) {
                restated |= onlyLabels;
                publish(judged, step.expired());
                if (w.variant != Variant.CHAMPION) {
                    compareWithChampion(judged);
                }
            }
            if (step.vote()) {
                vote(judged);
            }
            voting = step.votingGoesOn();
            if (step.release()) {
                expired.add(windowKey);
            } else if (step.changesWindow()) {
                windows.markDirty(windowKey);
            }
        }
        if (restated) {
            clock.restatedAt = wall;
        }
    }

    /**
     * Whether labels that only add to closed windows restate them now. Live, at every tick of the version's event
     * time. A version more than {@link #BEHIND_REAL_TIME_MS} behind the wall clock is being caught up, and passes ten
     * seconds of event time in a millisecond: its windows are then restated at most once per tick of the wall clock,
     * not hundreds of times a second as documents nobody reads. A restatement that votes or expires is never held.
     */
    private boolean isRestatingDue(Clock clock, long versionTime, long wall) {
        return versionTime >= wall - BEHIND_REAL_TIME_MS || clock.restatedAt == Long.MIN_VALUE
                || wall - clock.restatedAt >= performance.tick().toMillis();
    }

    /** How far behind the wall clock a version's event time is caught up rather than live. */
    static final long BEHIND_REAL_TIME_MS = 60_000;

    /** Enough labels, in count and coverage, for the window to vote before its label delay has passed. */
    private static boolean enoughLabels(PerformanceWindow w, ModelPolicy policy) {
        double coverage = w.predictions == 0 ? 0 : (double) w.labelled / w.predictions;
        return w.labelled >= policy.performance().minLabels() && coverage >= policy.performance().minLabelCoverage();
    }

    private void publish(WindowJudgement j, boolean expired) {
        PerformanceWindow w = j.window();
        w.revision = w.publishedLabelled < 0 ? 0 : w.revision + 1;
        w.publishedLabelled = w.labelled;
        List<Metric> metrics = PerformanceJudge.metrics(w, j.policy().performance().confidence());
        context.forward(new Record<String, Object>(j.modelId(), PerformanceJudge.scored(j.modelId(), j.version(), j.start(), j.end(), w,
                metrics, j.measured(metrics), expired ? w.predictions - w.labelled : 0, false), j.end()), PerformanceProcessor.SCORES_SINK);
    }

    /** The window votes in the version's performance escalation (the {@link WindowKernel} says when). */
    private void vote(WindowJudgement j) {
        PerformanceWindow w = j.window();
        w.voted = true;
        windowsJudged.record();
        List<Metric> metrics = PerformanceJudge.metrics(w, j.policy().performance().confidence());
        PerformanceJudge.Judgement judgement = j.measured(metrics);
        Optional<Signal> signal = judgement.signal(j.policy().performance(), w.labelled);
        if (signal.isPresent()) {
            PerformanceProgress prog = progress.getOrCreate(j.key(), PerformanceProgress::initial);
            HealthState next = evolve(j, SourcedChange.PERFORMANCE, prog.measured(), signal.get(),
                    PerformanceJudge.eventId(j.modelId(), j.version(), j.start(), w.revision));
            if (next.level().compareTo(prog.measured().level()) < 0) {
                // The level fell: the sequential decision starts over from no evidence.
                prog.sequential().restart();
            }
            progress.put(j.key(), prog.withMeasured(next));
        }
    }

    /**
     * A label joined to a prediction served after the reference period: one observation of the version's sequential
     * decision ({@link SequentialPerformance}), which may raise its performance level at once. Its loss: for a
     * classifier 1 when wrong and 0 when right, for a regressor the absolute error. Only when accuracy (or the mean
     * absolute error) decides; other metrics are judged by whole windows.
     */
    void labelled(String key, String modelId, PendingPrediction p, double loss, ModelTask task) {
        ModelPolicy policy = performance.policies().apply(modelId);
        PerformanceLimits limits = policy.performance();
        String deciding = task == ModelTask.REGRESSION ? "mae" : "accuracy";
        if (!(limits.falseAlarmBudget() > 0) || !deciding.equals(PerformanceJudge.decidingMetric(limits, task))) {
            return;
        }
        PerformanceProgress prog = progress.getOrCreate(key, PerformanceProgress::initial);
        Optional<SequentialPerformance.Raise> raise = prog.sequential().labelled(loss, p.eventTime(), prog.measured().level(),
                baselineOf(key, modelId, task), limits, policy.windowSize().toMillis());
        progress.markDirty(key);
        if (raise.isEmpty()) {
            return;
        }
        SequentialPerformance.Raise r = raise.get();
        String version = key.substring(modelId.length() + 1);
        String eventId = "perf-sequential:" + modelId + ":" + version + ":" + r.at() + ":" + r.level();
        WindowAssessment evidence = new WindowAssessment(r.since(), r.at(), modelId + "/" + version + "/reference", List.of(r.signal()),
                List.of(eventId));
        Escalation.Decision decision = Escalation.raise(prog.measured(), evidence);
        decision.change().ifPresent(change -> context.forward(new Record<String, Object>(modelId,
                new SourcedChange(SourcedChange.PERFORMANCE, modelId, version, p.variant(), change), r.at()), HealthCombiner.NAME));
        progress.put(key, prog.withMeasured(decision.state()));
    }

    /** What the version is compared with: the value declared in its lifecycle event, or its measured reference window. */
    private SequentialPerformance.Baseline baselineOf(String key, String modelId, ModelTask task) {
        PerformanceWindow reference = baselines.get(key);
        if (task == ModelTask.REGRESSION) {
            Double declared = declared(key, modelId).get("mae");
            return reference == null ? SequentialPerformance.Baseline.meanAbsoluteError(0, 0, 0, declared)
                    : SequentialPerformance.Baseline.meanAbsoluteError(reference.regression.count(), reference.regression.meanAbsoluteError(),
                    reference.regression.absoluteErrorVariance(), declared);
        }
        Double declared = declared(key, modelId).get("accuracy");
        return SequentialPerformance.Baseline.accuracy(reference == null ? 0 : reference.correct(), reference == null ? 0 : reference.labelled,
                declared);
    }

    /**
     * Each restatement of a canary's or shadow's window is compared with the champion's; the first comparison with a
     * verdict votes in the challenger escalation.
     */
    private void compareWithChampion(WindowJudgement j) {
        Optional<Signal> verdict = challengers.compare(j);
        if (verdict.isEmpty() || j.window().challengerVoted) {
            return;
        }
        j.window().challengerVoted = true;
        PerformanceProgress prog = progress.getOrCreate(j.key(), PerformanceProgress::initial);
        progress.put(j.key(), prog.withChallenger(evolve(j, SourcedChange.CHALLENGER, prog.challenger(), verdict.get(),
                "challenger:" + j.modelId() + ":" + j.version() + ":" + j.start())));
    }

    private void estimate(WindowJudgement j) {
        PerformanceWindow w = j.window();
        w.estimated = true;
        Optional<Estimate.Result> result = Estimate.judge(w, j.baselineWindow(), j.policy().performance());
        if (result.isEmpty()) {
            return;
        }
        context.forward(new Record<String, Object>(j.modelId(), result.get().event(j.modelId(), j.version(), j.start(), j.end(), w),
                j.end()), PerformanceProcessor.SCORES_SINK);
        PerformanceProgress prog = progress.getOrCreate(j.key(), PerformanceProgress::initial);
        HealthState next = evolve(j, SourcedChange.PERFORMANCE + "-estimate", prog.estimated(), result.get().signal(),
                "perf-estimate:" + j.modelId() + ":" + j.version() + ":" + j.start());
        progress.put(j.key(), prog.withEstimated(next));
    }

    HealthState evolve(WindowJudgement j, String source, HealthState state, Signal signal, String sourceEventId) {
        Escalation.Decision decision = Escalation.evolve(state, new WindowAssessment(j.start(), j.end(), j.referenceId(),
                List.of(signal), List.of(sourceEventId)), j.policy().hysteresis());
        decision.change().ifPresent(change -> context.forward(new Record<String, Object>(j.modelId(),
                new SourcedChange(source, j.modelId(), j.version(), j.window().variant, change), j.end()), HealthCombiner.NAME));
        return decision.state();
    }

    /** Baselines declared in the version's lifecycle event, by metric name. */
    private Map<String, Double> declared(String key, String modelId) {
        return directory.version(modelId, key.substring(modelId.length() + 1)).map(ModelHistory.VersionState::baseline)
                .filter(b -> b != null).orElse(Map.of());
    }

    /**
     * A window with everything needed to judge it.
     *
     * @param baselineWindow the version's reference window (labelled predictions), null before it has any
     * @param declaredBaselines baselines declared in the lifecycle event, by metric; they win over the measured ones
     */
    record WindowJudgement(String key, String modelId, long start, long end, PerformanceWindow window, ModelPolicy policy,
                           PerformanceWindow baselineWindow, Map<String, Double> declaredBaselines) {

        String version() {
            return key.substring(modelId.length() + 1);
        }

        String referenceId() {
            return modelId + "/" + version() + "/reference";
        }

        PerformanceJudge.Judgement measured(List<Metric> metrics) {
            String name = PerformanceJudge.decidingMetric(policy.performance(), window.task);
            return PerformanceJudge.judge(metrics, name, baselineValue(name), window.labelled, policy.performance());
        }

        private Double baselineValue(String metric) {
            // Declared in the lifecycle event wins; otherwise measured on the reference window once it has enough labels.
            return declared(metric).or(() -> Optional.ofNullable(baselineWindow)
                            .filter(b -> b.labelled >= policy.performance().minLabels())
                            .flatMap(b -> PerformanceJudge.metrics(b, policy.performance().confidence()).stream()
                                    .filter(m -> m.name().equals(metric)).map(Metric::value).filter(Double::isFinite).findFirst()))
                    .orElse(null);
        }

        private Optional<Double> declared(String metric) {
            return Optional.ofNullable(declaredBaselines.get(metric));
        }
    }
}
