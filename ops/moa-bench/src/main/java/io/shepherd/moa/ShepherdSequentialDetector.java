package io.shepherd.moa;

import io.shepherd.events.HealthLevel;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.streams.performance.metrics.ClassificationTally;
import io.shepherd.streams.performance.metrics.SequentialDrop;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PerformanceLimits;

/**
 * A sequential performance escalation over the classifier's labelled predictions: after the baseline (the policy's
 * first reference events), every labelled prediction feeds two {@link SequentialDrop} e-detectors, one for the
 * policy's CRITICAL drop and one for its EMERGENCY drop, each against the baseline's lower confidence bound. The level
 * rises as soon as one reaches its threshold, a budget of one false alarm per {@link #BUDGET} predictions of an
 * unchanged model. Recovery keeps the policy's hysteresis: the level falls back to NONE after the policy's
 * windows-to-recover tumbling windows in a row whose accuracy {@code PerformanceJudge} finds no significant drop past
 * the CRITICAL limit; the detectors then start over. An alarm is every rise of the level.
 *
 * <p>With a following baseline, the version's own level becomes the baseline once it is established: while the level is
 * NONE, every labelled prediction older than {@link #LAG_WINDOWS} windows joins the baseline (those of the last windows
 * before an alarm never do), and each time the baseline has doubled the nulls move to its tighter lower bound, the k-th
 * bound at risk {@link SequentialDrop#riskOfBound}. So a model that improved after deployment is judged against what it
 * does, and the baseline's sampling error shrinks as it grows.
 */
public final class ShepherdSequentialDetector implements Detector {

    /** Predictions of an unchanged model per false alarm, at least, on average. */
    static final double BUDGET = 1e6;
    /** The probability that the baseline's lower bound is above its true accuracy. */
    static final double BASELINE_RISK = 1e-4;
    /** How far behind the present a following baseline stays, in windows: a gradual drift is not absorbed into it. */
    static final int LAG_WINDOWS = 10;

    private final ModelPolicy policy;
    private final boolean following;

    public ShepherdSequentialDetector(ModelPolicy policy, boolean following) {
        this.policy = policy;
        this.following = following;
        if (policy.reference().events() == null) {
            throw new IllegalArgumentException("a stream without deployment time needs a FIRST_EVENTS reference");
        }
    }

    @Override
    public String name() {
        return following ? "Shepherd sequential, following baseline" : "Shepherd sequential, first-events baseline";
    }

    @Override
    public Input input() {
        return Input.ERRORS;
    }

    @Override
    public int[] alarms(RecordedStream stream) {
        PerformanceLimits limits = policy.performance();
        long referenceEvents = policy.reference().events();
        long windowSize = policy.windowSize().toMillis();
        int toRecover = policy.hysteresis().windowsToRecover();
        ClassificationTally baseline = ClassificationTally.empty();
        ClassificationTally window = ClassificationTally.empty();
        long baselineRight = 0;
        long baselineLabelled = referenceEvents;
        long nextRebase = 2 * referenceEvents;
        int bound = 1;
        boolean[] recent = new boolean[following ? (int) (LAG_WINDOWS * windowSize) : 0];
        int recentSize = 0;
        int recentHead = 0;
        SequentialDrop critical = null;
        SequentialDrop emergency = null;
        HealthLevel level = HealthLevel.NONE;
        int healthyWindows = 0;
        Alarms alarms = new Alarms();
        for (int t = 0; t < stream.length(); t++) {
            boolean right = !stream.error(t);
            String predicted = Integer.toString(stream.predicted()[t]);
            String actual = Integer.toString(stream.actual()[t]);
            if (t < referenceEvents) {
                baseline.add(predicted, actual, null, null);
                baselineRight += right ? 1 : 0;
                if (t == referenceEvents - 1) {
                    double risk = following ? SequentialDrop.riskOfBound(BASELINE_RISK, bound) : BASELINE_RISK;
                    critical = SequentialDrop.against(baselineRight, referenceEvents, limits.criticalDrop(), risk, BUDGET);
                    emergency = SequentialDrop.against(baselineRight, referenceEvents, limits.emergencyDrop(), risk, BUDGET);
                }
            } else {
                boolean toEmergency = emergency.observe(right);
                boolean toCritical = critical.observe(right);
                HealthLevel next = toEmergency ? HealthLevel.EMERGENCY : toCritical ? HealthLevel.CRITICAL : HealthLevel.NONE;
                if (next.compareTo(level) > 0) {
                    level = next;
                    healthyWindows = 0;
                    alarms.raise(t);
                }
                if (following && level != HealthLevel.NONE) {
                    recentSize = 0;
                } else if (following) {
                    if (recentSize == recent.length) {
                        // The oldest recent prediction is now LAG_WINDOWS windows old: it joins the baseline.
                        baselineRight += recent[recentHead] ? 1 : 0;
                        baselineLabelled++;
                        // Only its accuracy matters to the recovery judgement: a right one as 1 for 1, a wrong one as 1 for 0.
                        baseline.add("1", recent[recentHead] ? "1" : "0", null, null);
                        recentHead = (recentHead + 1) % recent.length;
                        recentSize--;
                    }
                    recent[(recentHead + recentSize) % recent.length] = right;
                    recentSize++;
                    if (baselineLabelled >= nextRebase) {
                        bound++;
                        nextRebase *= 2;
                        critical.rebase(baselineRight, baselineLabelled, SequentialDrop.riskOfBound(BASELINE_RISK, bound));
                        emergency.rebase(baselineRight, baselineLabelled, SequentialDrop.riskOfBound(BASELINE_RISK, bound));
                    }
                }
            }
            window.add(predicted, actual, null, null);
            if ((t + 1) % windowSize == 0) {
                boolean healthy = t >= referenceEvents
                        && ShepherdPerformanceDetector.judge(window, baseline, limits).verdict() == PerformanceVerdict.OK;
                healthyWindows = healthy ? healthyWindows + 1 : 0;
                if (level != HealthLevel.NONE && healthyWindows >= toRecover) {
                    level = HealthLevel.NONE;
                    critical.reset();
                    emergency.reset();
                }
                window = ClassificationTally.empty();
            }
        }
        return alarms.toArray();
    }
}
