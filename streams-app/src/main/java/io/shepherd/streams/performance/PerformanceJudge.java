package io.shepherd.streams.performance;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.shepherd.events.HealthLevel;
import io.shepherd.events.MetricEstimate;
import io.shepherd.events.ModelTask;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.performance.metrics.BaselineJudgement;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.policy.PerformanceLimits;

/**
 * Judges a window's performance against the version's baseline. The level follows the drop of the point estimate
 * (over 5 % CRITICAL, over 15 % EMERGENCY by default), but only when the drop is significant: the confidence bound
 * most favourable to the model must still be worse than the baseline, so a small window, whose interval is wide,
 * cannot escalate by chance. Pure.
 */
public final class PerformanceJudge {

    static final String ESTIMATED_ACCURACY = "expected_accuracy";
    /** The statistic a drop against a baseline or reference is. */
    static final String RELATIVE_DROP = "relative_drop";

    /** The deciding metric with its point and bound drops against the baseline; drops NaN without a baseline. */
    public record Judgement(Metric deciding, Double baseline, double pointDrop, double boundDrop, PerformanceVerdict verdict) {

        /**
         * The window's vote: its relative drop, oriented so that positive is worse whether higher is better (accuracy)
         * or not (MAE), against the limit it reached.
         */
        public Optional<Signal> signal(PerformanceLimits limits, long labelled) {
            return switch (verdict) {
                case INSUFFICIENT_DATA, DEGRADED -> Optional.empty();
                case EMERGENCY_DROP -> Optional.of(signal(HealthLevel.EMERGENCY, limits.emergencyDrop(), limits, labelled));
                case CRITICAL_DROP -> Optional.of(signal(HealthLevel.CRITICAL, limits.criticalDrop(), limits, labelled));
                case OK -> Optional.of(signal(HealthLevel.NONE, limits.criticalDrop(), limits, labelled));
            };
        }

        private Signal signal(HealthLevel level, double threshold, PerformanceLimits limits, long labelled) {
            return new Signal(Signal.PERFORMANCE_DROP, level, deciding.name(), pointDrop, threshold, detail(this, labelled),
                    facts(limits.confidence(), labelled));
        }

        /** The metric against its baseline, with its interval at the policy's confidence when it has one. */
        Facts facts(double confidence, long labelled) {
            Facts facts = Facts.of(RELATIVE_DROP).withMeasured(deciding.value(), baseline == null ? Double.NaN : baseline)
                    .withHigherIsBetter(deciding.higherIsBetter()).withSampleSize(labelled);
            return deciding.hasInterval() ? facts.withInterval(deciding.lower(), deciding.upper(), confidence) : facts;
        }
    }

    private PerformanceJudge() {
    }

    public static String decidingMetric(PerformanceLimits limits, ModelTask task) {
        if (limits.decidingMetric() != null) {
            return limits.decidingMetric();
        }
        return task == ModelTask.REGRESSION ? "mae" : "accuracy";
    }

    static List<Metric> metrics(PerformanceWindow w, double confidence) {
        return w.task == ModelTask.REGRESSION ? w.regression.metrics(confidence) : w.classification.metrics(confidence);
    }

    public static Judgement judge(List<Metric> metrics, String metricName, Double baseline, long labelled, PerformanceLimits limits) {
        Metric deciding = metrics.stream().filter(m -> m.name().equals(metricName)).findFirst()
                .orElse(Metric.point(metricName, Double.NaN, true));
        if (labelled < limits.minLabels() || !Double.isFinite(deciding.value())) {
            return new Judgement(deciding, baseline, Double.NaN, Double.NaN, PerformanceVerdict.INSUFFICIENT_DATA);
        }
        if (baseline == null || !(baseline > 0)) {
            return new Judgement(deciding, baseline, Double.NaN, Double.NaN, PerformanceVerdict.OK);
        }
        BaselineJudgement j = BaselineJudgement.judge(deciding, baseline, labelled, limits.minLabels(), limits.criticalDrop(),
                limits.emergencyDrop());
        boolean significant = j.relativeDrop() > 0;
        PerformanceVerdict verdict = !significant ? PerformanceVerdict.OK
                : j.pointDrop() > limits.emergencyDrop() ? PerformanceVerdict.EMERGENCY_DROP
                : j.pointDrop() > limits.criticalDrop() ? PerformanceVerdict.CRITICAL_DROP : PerformanceVerdict.OK;
        return new Judgement(deciding, baseline, j.pointDrop(), j.relativeDrop(), verdict);
    }

    static String detail(Judgement j, long labelled) {
        Metric m = j.deciding();
        return String.format(Locale.ROOT, "%s %.4f [%.4f, %.4f] vs baseline %s, %d labels", m.name(), m.value(), m.lower(), m.upper(),
                j.baseline() == null ? "none" : String.format(Locale.ROOT, "%.4f", j.baseline()), labelled);
    }

    static String eventId(String modelId, String version, long windowStart, int revision) {
        return "perf:" + modelId + ":" + version + ":" + windowStart + ":" + revision;
    }

    static PerformanceScored scored(String modelId, String version, long start, long end, PerformanceWindow w, List<Metric> metrics,
                                    Judgement j, long expired, boolean estimated) {
        double coverage = w.predictions == 0 ? 0 : (double) w.labelled / w.predictions;
        return PerformanceScored.newBuilder()
                .setEventId((estimated ? "perf-estimate:" + modelId + ":" + version + ":" + start
                        : eventId(modelId, version, start, w.revision)))
                .setModelId(modelId)
                .setModelVersion(version)
                .setVariant(w.variant)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setRevision(estimated ? 0 : w.revision)
                .setTask(w.task)
                .setEstimated(estimated)
                .setPredictions(w.predictions)
                .setLabelled(w.labelled)
                .setLabelCoverage(coverage)
                .setExpiredUnlabelled(expired)
                .setMetrics(metrics.stream().map(PerformanceJudge::estimate).toList())
                .setDecidingMetric(j.deciding().name())
                .setBaseline(j.baseline())
                .setRelativeDrop(Double.isFinite(j.pointDrop()) ? j.pointDrop() : null)
                .setVerdict(j.verdict())
                .build();
    }

    private static MetricEstimate estimate(Metric m) {
        return MetricEstimate.newBuilder().setName(m.name()).setValue(finiteOr(m.value(), 0))
                .setLower(Double.isFinite(m.lower()) ? m.lower() : null).setUpper(Double.isFinite(m.upper()) ? m.upper() : null)
                .setMethod(m.method()).setHigherIsBetter(m.higherIsBetter()).build();
    }

    private static double finiteOr(double value, double fallback) {
        return Double.isFinite(value) ? value : fallback;
    }
}
