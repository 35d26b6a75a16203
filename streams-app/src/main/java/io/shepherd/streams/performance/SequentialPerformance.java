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
 * the reference period is one observation of its loss (1 for a classifier's wrong prediction, 0 for a right one; a
 * regressor's absolute error), and the level rises as soon as the evidence allows rather than at the end of a window.
 *
 * <ul>
 *   <li><b>CRITICAL</b> when a {@link SequentialDrop} e-detector proves that accuracy is more than
 *       {@code criticalDrop} below the baseline's lower confidence bound (the mean absolute error more than
 *       {@code criticalDrop} above its upper bound). Its threshold is the policy's {@code falseAlarmBudget}: on average
 *       at least that many labelled predictions of an unchanged model pass between two false rises, however often the
 *       statistic is looked at. The CRITICAL and EMERGENCY detectors each get twice the budget, so that both together
 *       keep it.</li>
 *   <li><b>EMERGENCY</b> when a second e-detector proves a change past {@code emergencyDrop}; or, once the version is
 *       CRITICAL (a drop already proven), when the labels after that rise put the change past {@code emergencyDrop}
 *       even at the bound of their metric nearest the baseline (one-sided, at the policy's {@code confidence}), looked
 *       at from {@code minLabels} labels on and every quarter of {@code minLabels} after. The labels after the rise were
 *       not chosen by the detector, so their metric is not biased by the selection. So the budget bounds false rises of
 *       an unchanged model to either level, and the confidence (per look) how often a version degraded by less than
 *       {@code emergencyDrop} is taken for one degraded by more.</li>
 *   <li>The baseline is the version's reference window once it has {@code minLabels} labels (or the value declared in
 *       its lifecycle event, taken as exact). With {@code baselineFollows}, the labels after the reference join it once
 *       they are {@value #FOLLOW_LAG_WINDOWS} windows old while the level stays NONE ({@link #follow}), so a model that
 *       improved after deployment is judged against what it does now. Each time the measured baseline has doubled, the
 *       nulls move to its tighter bound; the k-th bound at risk {@link SequentialDrop#riskOfBound}, so all hold at once
 *       with probability at least 1 - {@link #BASELINE_RISK}. An accuracy's bound is Wilson's; a mean absolute error's
 *       the normal one, which heavy-tailed errors can make too tight: declare the baseline or set the budget to 0 for
 *       such a regressor.</li>
 *   <li>Recovery is the windows' business: the level falls by the policy's hysteresis over whole windows, and whenever
 *       it falls the detectors start over ({@link #restart}).</li>
 * </ul>
 *
 * <p>Mutable; one per model version, kept in its {@link PerformanceProgress}.
 */
public final class SequentialPerformance {

    /** The probability that the baseline's bound is on the wrong side of its true value, over all its bounds. */
    static final double BASELINE_RISK = 1e-4;
    /** The statistic a sequential rise reports: the relative change over its evidence, with the e-detector in the detail. */
    static final String SEQUENTIAL_DROP = "relative_drop";
    private static final long NONE = Long.MIN_VALUE;
    /** How many windows behind the newest a following baseline stays, so that a gradual drift is not absorbed. */
    public static final int FOLLOW_LAG_WINDOWS = 10;

    /**
     * What the version is compared with: the losses of its reference's labelled predictions (their count, sum and sum
     * of squares), or a declared value of the deciding metric.
     *
     * @param errorMetric true for a mean absolute error (lower is better), false for an accuracy
     */
    public record Baseline(boolean errorMetric, long labelled, double loss, double lossSquares, Double declared) {

        /** A classifier's reference: {@code right} of {@code labelled} predictions right, or a declared accuracy. */
        public static Baseline accuracy(long right, long labelled, Double declared) {
            return new Baseline(false, labelled, labelled - right, labelled - right, declared);
        }

        /** A regressor's reference: the count, mean and sample variance of its absolute errors, or a declared MAE. */
        public static Baseline meanAbsoluteError(long labelled, double mean, double variance, Double declared) {
            double squares = labelled == 0 ? 0 : variance * (labelled - 1) + mean * mean * labelled;
            return new Baseline(true, labelled, mean * labelled, squares, declared);
        }

        /**
         * Whether there is something to compare with: a declared value, or enough labels whose bound leaves room for a
         * drop (an accuracy with at least one right prediction, a mean absolute error above 0).
         */
        boolean usable(int minLabels) {
            if (declared != null) {
                return errorMetric ? declared > 0 && Double.isFinite(declared) : declared > 0 && declared < 1;
            }
            return labelled >= minLabels && (errorMetric ? loss > 0 : loss < labelled);
        }

        /** The deciding metric's value: the accuracy or the mean absolute error. */
        double metric() {
            if (declared != null) {
                return declared;
            }
            return errorMetric ? loss / labelled : 1 - loss / labelled;
        }

        /** A fixed, declared baseline never moves; a measured one moves as it grows. */
        long size() {
            return declared != null ? Long.MAX_VALUE : labelled;
        }

        Baseline plus(double[] followed) {
            return new Baseline(errorMetric, labelled + (long) followed[2], loss + followed[0], lossSquares + followed[1], declared);
        }

        /** An upper confidence bound of the mean loss, one-sided at {@code risk}: the normal one (an absolute error). */
        double lossUpperBound(double risk) {
            double mean = loss / labelled;
            double variance = labelled < 2 ? 0 : Math.max(0, (lossSquares - labelled * mean * mean) / (labelled - 1));
            return mean + Intervals.z(1 - 2 * risk) * Math.sqrt(variance / labelled);
        }

        long right() {
            return Math.round(labelled - loss);
        }
    }

    /** A rise decided by one label: the new level and the evidence behind it. */
    public record Raise(HealthLevel level, long since, long at, Signal signal) {}

    /** Baseline labels the detectors' nulls were set from; MAX_VALUE for a declared baseline. */
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
    private double spanLoss;
    private long spanLabelled;
    /** The labels after a rise to CRITICAL, for the bound route to EMERGENCY: their count, loss and squared loss. */
    private long afterStart = NONE;
    private double afterLoss;
    private double afterSquares;
    private long afterLabelled;
    /** Losses joined to a following baseline, and those still waiting by window start: {loss, squares, labelled}. */
    private final double[] followed = new double[3];
    private final TreeMap<Long, double[]> recent = new TreeMap<>();

    public static SequentialPerformance initial() {
        return new SequentialPerformance();
    }

    /**
     * One label joined to a prediction served after the reference period.
     *
     * @param loss      the prediction's loss: 0 or 1 for a classifier (right or wrong), the absolute error of a regressor
     * @param eventTime the prediction's event time
     * @param level     the version's performance level now
     * @param reference the version's reference, or its declared value
     * @param windowMs  the policy's window size: the unit of a following baseline's lag
     * @return the rise it decides, if any
     */
    public Optional<Raise> labelled(double loss, long eventTime, HealthLevel level, Baseline reference, PerformanceLimits limits,
                                    long windowMs) {
        if (!(limits.falseAlarmBudget() > 0) || !(loss >= 0 && Double.isFinite(loss))) {
            // A loss that is no finite nonnegative number (a regressor's error too large to represent) is no observation.
            return Optional.empty();
        }
        Baseline baseline = limits.baselineFollows() && reference.declared() == null ? reference.plus(followed) : reference;
        follow(loss, eventTime, level, limits, windowMs);
        if (level == HealthLevel.EMERGENCY || !baseline.usable(limits.minLabels())) {
            return Optional.empty();
        }
        setNulls(baseline, limits);
        if (level == HealthLevel.NONE) {
            track(critical, loss, eventTime);
            boolean toEmergency = emergency.observe(loss);
            boolean toCritical = critical.observe(loss);
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
        track(emergency, loss, eventTime);
        if (emergency.observe(loss)) {
            return Optional.of(raise(HealthLevel.EMERGENCY, emergency, eventTime, baseline, limits));
        }
        afterStart = afterStart == NONE ? eventTime : Math.min(afterStart, eventTime);
        afterLoss += loss;
        afterSquares += loss * loss;
        afterLabelled++;
        if (afterLabelled >= limits.minLabels() && afterLabelled % lookEvery(limits) == 0) {
            return pastEmergencyAtItsBound(eventTime, baseline, limits);
        }
        return Optional.empty();
    }

    /** The labels after the rise, at the bound of their metric nearest the baseline, past the EMERGENCY limit? */
    private Optional<Raise> pastEmergencyAtItsBound(long eventTime, Baseline baseline, PerformanceLimits limits) {
        // One-sided at the policy's confidence: the two-sided interval at 2 * confidence - 1.
        double level = 2 * limits.confidence() - 1;
        Metric interval;
        if (baseline.errorMetric()) {
            double mean = afterLoss / afterLabelled;
            double variance = afterLabelled < 2 ? 0
                    : Math.max(0, (afterSquares - afterLabelled * mean * mean) / (afterLabelled - 1));
            interval = Intervals.normal("mae", mean, Math.sqrt(variance / afterLabelled), level, 0, Double.POSITIVE_INFINITY, "normal", false);
        } else {
            interval = Intervals.wilson("accuracy", Math.round(afterLabelled - afterLoss), afterLabelled, level);
        }
        double nearest = interval.favourableBound();
        if (!(change(nearest, baseline) > limits.emergencyDrop())) {
            return Optional.empty();
        }
        double value = interval.value();
        String name = interval.name();
        Signal signal = new Signal(Signal.PERFORMANCE_DROP, HealthLevel.EMERGENCY, name, change(value, baseline), limits.emergencyDrop(),
                String.format(Locale.ROOT, "%s %.4f (at %s %.4f at %.0f%% confidence) over the %d labels since the version became"
                                + " CRITICAL vs baseline %.4f", name, value, baseline.errorMetric() ? "least" : "most", nearest,
                        limits.confidence() * 100, afterLabelled, baseline.metric()),
                facts(value, baseline, afterLabelled).withInterval(interval.lower(), interval.upper(), level));
        return Optional.of(new Raise(HealthLevel.EMERGENCY, afterStart, eventTime, signal));
    }

    /** The relative change of a metric against the baseline, oriented so that positive is worse. */
    private static double change(double metric, Baseline baseline) {
        double b = baseline.metric();
        return baseline.errorMetric() ? (metric - b) / b : (b - metric) / b;
    }

    /**
     * A following baseline ({@code performance.baselineFollows}): the labels of each window of event time wait until
     * the newest window is {@value #FOLLOW_LAG_WINDOWS} windows past theirs, then join the baseline, as long as the
     * level stays NONE; a level above NONE drops the windows still waiting, so the labels of the last windows before
     * a rise never join. A label older than every waiting window is not counted.
     */
    private void follow(double loss, long eventTime, HealthLevel level, PerformanceLimits limits, long windowMs) {
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
        double[] tally = recent.computeIfAbsent(start, k -> new double[3]);
        tally[0] += loss;
        tally[1] += loss * loss;
        tally[2]++;
        while (recent.lastKey() - recent.firstKey() >= FOLLOW_LAG_WINDOWS * windowMs) {
            double[] joined = recent.pollFirstEntry().getValue();
            for (int i = 0; i < followed.length; i++) {
                followed[i] += joined[i];
            }
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
        spanLoss = 0;
        spanLabelled = 0;
    }

    private void clearAfter() {
        afterStart = NONE;
        afterLoss = 0;
        afterSquares = 0;
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
            if (baseline.errorMetric()) {
                critical.rebaseLossBound(baseline.lossUpperBound(risk));
                emergency.rebaseLossBound(baseline.lossUpperBound(risk));
            } else {
                critical.rebase(baseline.right(), baseline.labelled(), risk);
                emergency.rebase(baseline.right(), baseline.labelled(), risk);
            }
        }
    }

    private SequentialDrop detector(Baseline baseline, double drop, double threshold) {
        double risk = SequentialDrop.riskOfBound(BASELINE_RISK, bound);
        if (baseline.errorMetric()) {
            return SequentialDrop.againstLossBound(baseline.declared() != null ? baseline.declared() : baseline.lossUpperBound(risk), drop,
                    threshold);
        }
        if (baseline.declared() != null) {
            return SequentialDrop.withNullAccuracy((1 - drop) * baseline.declared(), threshold);
        }
        return SequentialDrop.against(baseline.right(), baseline.labelled(), drop, risk, threshold);
    }

    /** Counts a label in the evidence span, which starts over whenever the CUSUM falls back to 0. */
    private void track(SequentialDrop fed, double loss, long eventTime) {
        cusum = Math.max(0, cusum + fed.logEvidence(loss));
        if (cusum == 0) {
            clearSpan();
            return;
        }
        spanStart = spanStart == NONE ? eventTime : Math.min(spanStart, eventTime);
        spanLoss += loss;
        spanLabelled++;
    }

    private Raise raise(HealthLevel level, SequentialDrop detector, long eventTime, Baseline baseline, PerformanceLimits limits) {
        // An alarm comes with a loss above the null, which leaves the CUSUM above 0: the span holds at least that label.
        long labelled = spanLabelled;
        double meanLoss = spanLoss / spanLabelled;
        double metric = baseline.errorMetric() ? meanLoss : 1 - meanLoss;
        String name = baseline.errorMetric() ? "mae" : "accuracy";
        double limit = level == HealthLevel.EMERGENCY ? limits.emergencyDrop() : limits.criticalDrop();
        String detail = String.format(Locale.ROOT, "%s %.4f over %d labels vs baseline %.4f; sequential test: %s %s %.4f"
                        + " (%d%% %s the baseline's %s bound) with e-value %.3g >= %.3g, one false alarm per %,.0f labelled predictions",
                name, metric, labelled, baseline.metric(), name, baseline.errorMetric() ? "above" : "below",
                baseline.errorMetric() ? detector.nullLoss() : detector.nullAccuracy(), Math.round(limit * 100),
                baseline.errorMetric() ? "over" : "under", baseline.errorMetric() ? "upper" : "lower", detector.alarmStatistic(),
                detector.threshold(), limits.falseAlarmBudget());
        Signal signal = new Signal(Signal.PERFORMANCE_DROP, level, name, change(metric, baseline), limit, detail,
                facts(metric, baseline, labelled));
        return new Raise(level, spanStart == NONE ? eventTime : spanStart, eventTime, signal);
    }

    private static Facts facts(double metric, Baseline baseline, long labelled) {
        Facts facts = Facts.of(SEQUENTIAL_DROP).withMeasured(metric, baseline.metric()).withHigherIsBetter(!baseline.errorMetric())
                .withSampleSize(labelled);
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

    /** Writes the state: the baseline size and bound, both detectors, the evidence span, the tallies. */
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
        out.writeDouble(spanLoss);
        out.writeLong(spanLabelled);
        out.writeLong(afterStart);
        out.writeDouble(afterLoss);
        out.writeDouble(afterSquares);
        out.writeLong(afterLabelled);
        writeTally(followed, out);
        out.writeInt(recent.size());
        for (Map.Entry<Long, double[]> window : recent.entrySet()) {
            out.writeLong(window.getKey());
            writeTally(window.getValue(), out);
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
        s.spanLoss = in.readDouble();
        s.spanLabelled = in.readLong();
        s.afterStart = in.readLong();
        s.afterLoss = in.readDouble();
        s.afterSquares = in.readDouble();
        s.afterLabelled = in.readLong();
        System.arraycopy(readTally(in), 0, s.followed, 0, s.followed.length);
        int windows = in.readInt();
        for (int i = 0; i < windows; i++) {
            s.recent.put(in.readLong(), readTally(in));
        }
        return s;
    }

    private static void writeTally(double[] tally, DataOutputStream out) throws IOException {
        for (double v : tally) {
            out.writeDouble(v);
        }
    }

    private static double[] readTally(DataInputStream in) throws IOException {
        return new double[] {in.readDouble(), in.readDouble(), in.readDouble()};
    }

    private static void writeDetector(SequentialDrop d, DataOutputStream out) throws IOException {
        out.writeDouble(d.drop());
        out.writeDouble(d.nullLoss());
        out.writeDouble(d.threshold());
        for (double log : d.logStatistics()) {
            out.writeDouble(log);
        }
    }

    private static SequentialDrop readDetector(DataInputStream in) throws IOException {
        double drop = in.readDouble();
        double nullLoss = in.readDouble();
        double threshold = in.readDouble();
        double[] logs = new double[6];
        for (int k = 0; k < logs.length; k++) {
            logs[k] = in.readDouble();
        }
        return SequentialDrop.restore(drop, nullLoss, threshold, logs);
    }
}
