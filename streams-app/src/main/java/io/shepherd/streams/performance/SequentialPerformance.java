package io.shepherd.streams.performance;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.performance.metrics.Intervals;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.performance.metrics.SequentialDrop;
import io.shepherd.streams.policy.PerformanceLimits;

/**
 * The sequential half of one model version's performance escalation: every label joined to a prediction served after
 * the reference period is one observation, right or wrong, and the level rises as soon as the evidence allows rather
 * than at the end of a window.
 *
 * <ul>
 *   <li><b>CRITICAL</b> when a {@link SequentialDrop} e-detector proves that accuracy is more than
 *       {@code criticalDrop} below the baseline's lower confidence bound. Its threshold is the policy's
 *       {@code falseAlarmBudget}: on average at least that many labelled predictions of an unchanged model pass between
 *       two false rises, however often the statistic is looked at. The CRITICAL and EMERGENCY detectors each get
 *       twice the budget, so that both together keep it.</li>
 *   <li><b>EMERGENCY</b> when a second e-detector proves a drop past {@code emergencyDrop}; or, once the version is
 *       CRITICAL (a drop already proven), when the labels after that rise put the drop past {@code emergencyDrop}
 *       even at the upper bound of their accuracy (one-sided, at the policy's {@code confidence}), looked at from
 *       {@code minLabels} labels on and every quarter of {@code minLabels} after. The labels after the rise were not
 *       chosen by the detector, so their accuracy is not biased low by the selection. So the budget bounds false
 *       rises of an unchanged model to either level, and the confidence (per look) how often a version degraded by
 *       less than {@code emergencyDrop} is taken for one degraded by more.</li>
 *   <li>The baseline is the version's reference window once it has {@code minLabels} labels (or the accuracy declared
 *       in its lifecycle event, taken as exact). With {@code baselineFollows}, the labels after the reference join it
 *       once they are {@value #FOLLOW_LAG_WINDOWS} windows old while the level stays NONE ({@link #follow}), so a
 *       model that improved after deployment is judged against what it does now. Each time the measured baseline has
 *       doubled, the nulls move to its tighter bound; the k-th bound at risk {@link SequentialDrop#riskOfBound}, so all
 *       hold at once with probability at least 1 - {@link #BASELINE_RISK}.</li>
 *   <li>Recovery is the windows' business: the level falls by the policy's hysteresis over whole windows, and whenever
 *       it falls the detectors start over ({@link #restart}).</li>
 * </ul>
 *
 * <p>Mutable; one per model version, kept in its {@link PerformanceProgress}.
 */
public final class SequentialPerformance {

    /** The probability that the baseline's lower bound is above its true accuracy, over all its bounds. */
    static final double BASELINE_RISK = 1e-4;
    /** The statistic a sequential rise reports: the point drop over its evidence, with the e-detector in the detail. */
    static final String SEQUENTIAL_DROP = "relative_drop";
    private static final long NONE = Long.MIN_VALUE;
    /** How many windows behind the newest a following baseline stays, so that a gradual drift is not absorbed. */
    public static final int FOLLOW_LAG_WINDOWS = 10;

    /** What the version is compared with: right and labelled predictions of its reference, or a declared accuracy. */
    public record Baseline(long right, long labelled, Double declared) {

        boolean usable(int minLabels) {
            return declared != null ? declared > 0 && declared < 1 : labelled >= minLabels;
        }

        double accuracy() {
            return declared != null ? declared : (double) right / labelled;
        }

        /** A fixed, declared baseline never moves; a measured one moves as it grows. */
        long size() {
            return declared != null ? Long.MAX_VALUE : labelled;
        }
    }

    /** A rise decided by one label: the new level and the evidence behind it. */
    public record Raise(HealthLevel level, long since, long at, Signal signal) {}

    /** Baseline labels the detectors' nulls were set from; 0 before they start, MAX_VALUE for a declared baseline. */
    private long baselineSize;
    private int bound;
    private SequentialDrop critical;
    private SequentialDrop emergency;
    /**
     * The labels since a CUSUM of the detector being fed was last 0 (the usual estimate of where a change began): the
     * evidence a rise names.
     */
    private double cusum;
    private long spanStart = NONE;
    private long spanRight;
    private long spanLabelled;
    /** Labels joined to a following baseline, and those still waiting by window start (right, labelled). */
    private long followedRight;
    private long followedLabelled;
    private final TreeMap<Long, long[]> recent = new TreeMap<>();
    /** The labels after a rise to CRITICAL, for the point-estimate route to EMERGENCY. */
    private long afterStart = NONE;
    private long afterRight;
    private long afterLabelled;

    public static SequentialPerformance initial() {
        return new SequentialPerformance();
    }

    boolean started() {
        return critical != null;
    }

    /**
     * One label joined to a prediction served after the reference period.
     *
     * @param right     whether the prediction was right
     * @param eventTime the prediction's event time
     * @param level     the version's performance level now
     * @param reference the version's reference: labelled predictions and how many were right, or a declared accuracy
     * @param windowMs  the policy's window size: the unit of a following baseline's lag
     * @return the rise it decides, if any
     */
    public Optional<Raise> labelled(boolean right, long eventTime, HealthLevel level, Baseline reference, PerformanceLimits limits,
                                    long windowMs) {
        if (!(limits.falseAlarmBudget() > 0)) {
            return Optional.empty();
        }
        Baseline baseline = limits.baselineFollows() && reference.declared() == null
                ? new Baseline(reference.right() + followedRight, reference.labelled() + followedLabelled, null) : reference;
        follow(right, eventTime, level, limits, windowMs);
        if (level == HealthLevel.EMERGENCY || !baseline.usable(limits.minLabels())) {
            return Optional.empty();
        }
        setNulls(baseline, limits);
        if (level == HealthLevel.NONE) {
            track(critical, right, eventTime);
            boolean toEmergency = emergency.observe(right);
            boolean toCritical = critical.observe(right);
            if (!toEmergency && !toCritical) {
                return Optional.empty();
            }
            HealthLevel raised = toEmergency ? HealthLevel.EMERGENCY : HealthLevel.CRITICAL;
            Raise raise = raise(raised, toEmergency ? emergency : critical, eventTime, baseline, limits);
            // From CRITICAL the EMERGENCY detector goes on with what it has gathered; the evidence span starts over, and
            // the labels of the windows before the rise never join a following baseline.
            critical.reset();
            recent.clear();
            clearSpan();
            clearAfter();
            return Optional.of(raise);
        }
        // CRITICAL: the EMERGENCY detector goes on, and the labels after the rise are counted.
        track(emergency, right, eventTime);
        if (emergency.observe(right)) {
            return Optional.of(raise(HealthLevel.EMERGENCY, emergency, eventTime, baseline, limits));
        }
        afterStart = afterStart == NONE ? eventTime : Math.min(afterStart, eventTime);
        afterRight += right ? 1 : 0;
        afterLabelled++;
        if (afterLabelled >= limits.minLabels() && afterLabelled % lookEvery(limits) == 0) {
            double accuracy = (double) afterRight / afterLabelled;
            // One-sided at the policy's confidence: the two-sided interval at 2 * confidence - 1.
            Metric interval = Intervals.wilson("accuracy", afterRight, afterLabelled, 2 * limits.confidence() - 1);
            double upper = interval.upper();
            double boundDrop = (baseline.accuracy() - upper) / baseline.accuracy();
            if (boundDrop > limits.emergencyDrop()) {
                double drop = (baseline.accuracy() - accuracy) / baseline.accuracy();
                Signal signal = new Signal(Signal.PERFORMANCE_DROP, HealthLevel.EMERGENCY, "accuracy", drop, limits.emergencyDrop(),
                        String.format(Locale.ROOT, "accuracy %.4f (at most %.4f at %.0f%% confidence) over the %d labels since the"
                                        + " version became CRITICAL vs baseline %.4f", accuracy, upper, limits.confidence() * 100,
                                afterLabelled, baseline.accuracy()),
                        facts(accuracy, baseline, afterLabelled).withInterval(interval.lower(), upper, 2 * limits.confidence() - 1));
                return Optional.of(new Raise(HealthLevel.EMERGENCY, afterStart, eventTime, signal));
            }
        }
        return Optional.empty();
    }

    /**
     * A following baseline ({@code performance.baselineFollows}): the labels of each window of event time wait until
     * the newest window is {@value #FOLLOW_LAG_WINDOWS} windows past theirs, then join the baseline, as long as the
     * level stays NONE; a level above NONE drops the windows still waiting, so the labels of the last windows before
     * a rise never join. A label older than every waiting window is not counted.
     */
    private void follow(boolean right, long eventTime, HealthLevel level, PerformanceLimits limits, long windowMs) {
        if (!limits.baselineFollows()) {
            return;
        }
        if (level != HealthLevel.NONE) {
            recent.clear();
            return;
        }
        long start = Math.floorDiv(eventTime, windowMs) * windowMs;
        if (!recent.isEmpty() && start < recent.firstKey()) {
            return;
        }
        long[] tally = recent.computeIfAbsent(start, k -> new long[2]);
        tally[0] += right ? 1 : 0;
        tally[1]++;
        while (recent.lastKey() - recent.firstKey() >= FOLLOW_LAG_WINDOWS * windowMs) {
            long[] joined = recent.pollFirstEntry().getValue();
            followedRight += joined[0];
            followedLabelled += joined[1];
        }
    }

    /** How often the labels after a rise to CRITICAL are looked at: every quarter of {@code minLabels}. */
    private static long lookEvery(PerformanceLimits limits) {
        return Math.max(1, limits.minLabels() / 4);
    }

    /** The level fell: the detectors start over from no evidence. */
    public void restart() {
        if (critical != null) {
            critical.reset();
            emergency.reset();
        }
        clearSpan();
        clearAfter();
    }

    private void clearSpan() {
        cusum = 0;
        spanStart = NONE;
        spanRight = 0;
        spanLabelled = 0;
    }

    private void clearAfter() {
        afterStart = NONE;
        afterRight = 0;
        afterLabelled = 0;
    }

    private void setNulls(Baseline baseline, PerformanceLimits limits) {
        double threshold = 2 * limits.falseAlarmBudget();
        if (critical == null || threshold != critical.threshold()) {
            // First use, or a policy whose budget changed: fresh detectors.
            bound = 1;
            baselineSize = baseline.size();
            critical = detector(baseline, limits.criticalDrop(), threshold);
            emergency = detector(baseline, limits.emergencyDrop(), threshold);
        } else if (baseline.declared() == null && baselineSize != Long.MAX_VALUE && baseline.labelled() >= 2 * baselineSize) {
            bound++;
            baselineSize = baseline.labelled();
            double risk = SequentialDrop.riskOfBound(BASELINE_RISK, bound);
            critical.rebase(baseline.right(), baseline.labelled(), risk);
            emergency.rebase(baseline.right(), baseline.labelled(), risk);
        }
    }

    private SequentialDrop detector(Baseline baseline, double drop, double threshold) {
        if (baseline.declared() != null) {
            return SequentialDrop.withNullAccuracy((1 - drop) * baseline.declared(), threshold);
        }
        return SequentialDrop.against(baseline.right(), baseline.labelled(), drop, SequentialDrop.riskOfBound(BASELINE_RISK, bound), threshold);
    }

    /** Counts a label in the evidence span, which starts over whenever the CUSUM falls back to 0. */
    private void track(SequentialDrop fed, boolean right, long eventTime) {
        cusum = Math.max(0, cusum + fed.logEvidence(right));
        if (cusum == 0) {
            clearSpan();
            return;
        }
        spanStart = spanStart == NONE ? eventTime : Math.min(spanStart, eventTime);
        spanRight += right ? 1 : 0;
        spanLabelled++;
    }

    private Raise raise(HealthLevel level, SequentialDrop detector, long eventTime, Baseline baseline, PerformanceLimits limits) {
        // An alarm comes with a wrong prediction, which leaves the CUSUM above 0: the span holds at least that label.
        long labelled = spanLabelled;
        double accuracy = (double) spanRight / spanLabelled;
        double drop = (baseline.accuracy() - accuracy) / baseline.accuracy();
        double limit = level == HealthLevel.EMERGENCY ? limits.emergencyDrop() : limits.criticalDrop();
        String detail = String.format(Locale.ROOT, "accuracy %.4f over %d labels vs baseline %.4f; sequential test: accuracy below %.4f"
                        + " (%d%% under the baseline's lower bound) with e-value %.3g >= %.3g, one false alarm per %,.0f labelled predictions",
                accuracy, labelled, baseline.accuracy(), detector.nullAccuracy(), Math.round(limit * 100), detector.alarmStatistic(),
                detector.threshold(), limits.falseAlarmBudget());
        Signal signal = new Signal(Signal.PERFORMANCE_DROP, level, "accuracy", drop, limit, detail, facts(accuracy, baseline, labelled));
        return new Raise(level, spanStart == NONE ? eventTime : spanStart, eventTime, signal);
    }

    private static Facts facts(double accuracy, Baseline baseline, long labelled) {
        Facts facts = Facts.of(SEQUENTIAL_DROP).withMeasured(accuracy, baseline.accuracy()).withHigherIsBetter(true).withSampleSize(labelled);
        return baseline.declared() == null ? facts.withReferenceSize(baseline.labelled()) : facts;
    }

    /** Equal when their saved states are: same baseline, bound, statistics and tallies. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SequentialPerformance that && Arrays.equals(bytes(), that.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    private byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the state: the baseline size and bound, both detectors, and the two tallies. */
    void write(DataOutputStream out) throws IOException {
        out.writeBoolean(critical != null);
        if (critical != null) {
            out.writeLong(baselineSize);
            out.writeInt(bound);
            writeDetector(critical, out);
            writeDetector(emergency, out);
        }
        out.writeDouble(cusum);
        out.writeLong(spanStart);
        out.writeLong(spanRight);
        out.writeLong(spanLabelled);
        out.writeLong(afterStart);
        out.writeLong(afterRight);
        out.writeLong(afterLabelled);
        out.writeLong(followedRight);
        out.writeLong(followedLabelled);
        out.writeInt(recent.size());
        for (Map.Entry<Long, long[]> window : recent.entrySet()) {
            out.writeLong(window.getKey());
            out.writeLong(window.getValue()[0]);
            out.writeLong(window.getValue()[1]);
        }
    }

    static SequentialPerformance read(DataInputStream in) throws IOException {
        SequentialPerformance s = new SequentialPerformance();
        if (in.readBoolean()) {
            s.baselineSize = in.readLong();
            s.bound = in.readInt();
            s.critical = readDetector(in);
            s.emergency = readDetector(in);
        }
        s.cusum = in.readDouble();
        s.spanStart = in.readLong();
        s.spanRight = in.readLong();
        s.spanLabelled = in.readLong();
        s.afterStart = in.readLong();
        s.afterRight = in.readLong();
        s.afterLabelled = in.readLong();
        s.followedRight = in.readLong();
        s.followedLabelled = in.readLong();
        int windows = in.readInt();
        for (int i = 0; i < windows; i++) {
            s.recent.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
        }
        return s;
    }

    private static void writeDetector(SequentialDrop d, DataOutputStream out) throws IOException {
        out.writeDouble(d.drop());
        out.writeDouble(d.nullAccuracy());
        out.writeDouble(d.threshold());
        for (double log : d.logStatistics()) {
            out.writeDouble(log);
        }
    }

    private static SequentialDrop readDetector(DataInputStream in) throws IOException {
        double drop = in.readDouble();
        double nullAccuracy = in.readDouble();
        double threshold = in.readDouble();
        double[] logs = new double[6];
        for (int k = 0; k < logs.length; k++) {
            logs[k] = in.readDouble();
        }
        return SequentialDrop.restore(drop, nullAccuracy, threshold, logs);
    }
}
