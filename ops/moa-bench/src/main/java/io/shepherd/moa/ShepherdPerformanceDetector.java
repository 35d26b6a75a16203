package io.shepherd.moa;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import io.shepherd.events.ModelTask;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.WindowAssessment;
import io.shepherd.streams.performance.PerformanceJudge;
import io.shepherd.streams.performance.SequentialPerformance;
import io.shepherd.streams.performance.metrics.ClassificationTally;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PerformanceLimits;
import io.shepherd.streams.window.WindowGrid;
import io.shepherd.streams.window.WindowKernel;

/**
 * Shepherd's performance escalation over the classifier's labelled predictions, composed as the streams app composes
 * it (PerformanceProcessor and WindowPublisher) with every label known at once: event t is at event time t ms, counted
 * in its tumbling window of the policy's size and, while among the first reference events, in the baseline.
 *
 * <ul>
 *   <li><b>Windows.</b> The app's own {@link WindowKernel} closes the windows and decides when each votes: in window
 *       order, once it has enough labels (a window short of them holds later ones back until its label delay passes,
 *       as in the app). A voting window is judged by {@link PerformanceJudge} against the baseline's accuracy and votes
 *       in {@link Escalation} with the policy's hysteresis.</li>
 *   <li><b>Label by label</b> (when the policy's {@code falseAlarmBudget} is above 0): every label after the reference
 *       is one observation of the app's {@link SequentialPerformance}, with the policy's {@code baselineFollows}; a
 *       rise it decides goes through {@link Escalation#raise}, and when a window vote lowers the level it starts
 *       over, as in the app.</li>
 * </ul>
 * An alarm is every rise of the level (to CRITICAL above a 5 % drop, to EMERGENCY above 15 %, by default), a new rise
 * after a recovery included.
 */
public final class ShepherdPerformanceDetector implements Detector {

    private final ModelPolicy policy;

    public ShepherdPerformanceDetector(ModelPolicy policy) {
        this.policy = policy;
        if (policy.reference().events() == null) {
            throw new IllegalArgumentException("a stream without deployment time needs a FIRST_EVENTS reference");
        }
    }

    @Override
    public String name() {
        PerformanceLimits limits = policy.performance();
        if (!(limits.falseAlarmBudget() > 0)) {
            return "Shepherd performance, windows only";
        }
        return limits.baselineFollows() ? "Shepherd performance, following baseline" : "Shepherd performance, reference baseline";
    }

    @Override
    public Input input() {
        return Input.ERRORS;
    }

    @Override
    public int[] alarms(RecordedStream stream) {
        WindowGrid grid = WindowGrid.tumbling(policy.windowSize().toMillis(), policy.gracePeriod().toMillis());
        long referenceEvents = policy.reference().events();
        ClassificationTally baseline = ClassificationTally.empty();
        TreeMap<Long, ClassificationTally> windows = new TreeMap<>();
        long lastClosedEnd = WindowKernel.NONE;
        HealthState health = HealthState.initial();
        SequentialPerformance sequential = SequentialPerformance.initial();
        Alarms alarms = new Alarms();
        // Closed windows that have not voted yet: they vote in window order, as the app's windows do.
        TreeMap<Long, ClassificationTally> closed = new TreeMap<>();
        for (int t = 0; t < stream.length(); t++) {
            // The app's own window kernel decides which windows close at this event's time, and which may vote.
            WindowKernel.Closing closing = WindowKernel.close(grid, lastClosedEnd, windows.navigableKeySet(), t);
            for (WindowKernel.Window window : closing.windows()) {
                closed.put(window.start(), windows.get(window.start()));
            }
            closing.released().forEach(windows::remove);
            lastClosedEnd = closing.lastClosedEnd();
            HealthState next = voteInOrder(closed, baseline, health, t);
            if (next.level().compareTo(health.level()) > 0) {
                alarms.raise(t);
            } else if (next.level().compareTo(health.level()) < 0) {
                sequential.restart();
            }
            health = next;
            String predicted = Integer.toString(stream.predicted()[t]);
            String actual = Integer.toString(stream.actual()[t]);
            windows.computeIfAbsent(grid.paneStart(t), start -> ClassificationTally.empty()).add(predicted, actual, null, null);
            if (t < referenceEvents) {
                baseline.add(predicted, actual, null, null);
                continue;
            }
            Optional<SequentialPerformance.Raise> raise = sequential.labelled(predicted.equals(actual) ? 0 : 1, t, health.level(),
                    SequentialPerformance.Baseline.accuracy(baseline.correct(), baseline.count(), null), policy.performance(),
                    policy.windowSize().toMillis());
            if (raise.isPresent()) {
                SequentialPerformance.Raise r = raise.get();
                HealthState raised = Escalation.raise(health, new WindowAssessment(r.since(), r.at(), "baseline", List.of(r.signal()),
                        List.of())).state();
                if (raised.level().compareTo(health.level()) > 0) {
                    alarms.raise(t);
                }
                health = raised;
            }
        }
        return alarms.toArray();
    }

    /** Every label is known when a window closes here, so a window votes once it closes, unless one before it lacks labels. */
    private HealthState voteInOrder(TreeMap<Long, ClassificationTally> closed, ClassificationTally baseline, HealthState health, long t) {
        long size = policy.windowSize().toMillis();
        long labelDelay = policy.performance().labelDelay().toMillis();
        HealthState state = health;
        for (var it = closed.entrySet().iterator(); it.hasNext();) {
            var window = it.next();
            long count = window.getValue().count();
            WindowKernel.LabelledStep step = WindowKernel.step(new WindowKernel.LabelledWindow(window.getKey() + size, true, count, count,
                    false, count >= policy.performance().minLabels()), t, labelDelay, true);
            if (!step.vote()) {
                break;
            }
            state = vote(window.getKey(), window.getValue(), baseline, state);
            it.remove();
        }
        return state;
    }

    private HealthState vote(long start, ClassificationTally window, ClassificationTally baseline, HealthState health) {
        PerformanceLimits limits = policy.performance();
        Optional<Signal> signal = judge(window, baseline, limits).signal(limits, window.count());
        if (signal.isEmpty()) {
            return health;
        }
        long end = start + policy.windowSize().toMillis();
        return Escalation.evolve(health, new WindowAssessment(start, end, "baseline", List.of(signal.get()), List.of()),
                policy.hysteresis()).state();
    }

    /** A window's accuracy against the baseline's, as the app judges it. */
    static PerformanceJudge.Judgement judge(ClassificationTally window, ClassificationTally baseline, PerformanceLimits limits) {
        String metric = PerformanceJudge.decidingMetric(limits, ModelTask.CLASSIFICATION);
        return PerformanceJudge.judge(window.metrics(limits.confidence()), metric, baselineValue(baseline, metric, limits), window.count(),
                limits);
    }

    /** As the app measures it: the metric over the reference window once it has enough labels. */
    private static Double baselineValue(ClassificationTally baseline, String metric, PerformanceLimits limits) {
        if (baseline.count() < limits.minLabels()) {
            return null;
        }
        return baseline.metrics(limits.confidence()).stream().filter(m -> m.name().equals(metric)).map(Metric::value)
                .filter(Double::isFinite).findFirst().orElse(null);
    }
}
