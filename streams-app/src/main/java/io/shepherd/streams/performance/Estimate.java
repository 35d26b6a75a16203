package io.shepherd.streams.performance;

import java.util.List;
import java.util.Optional;

import io.shepherd.events.HealthLevel;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.performance.metrics.Metric;
import io.shepherd.streams.policy.PerformanceLimits;

/**
 * Label-free early warning for classifiers with probabilities (confidence-based performance estimation): the
 * window's expected accuracy, the mean top-class probability, against the same in the reference window. A drop past
 * {@code performance.estimatedDrop} whose interval excludes the reference value asks for a WARNING, never more:
 * the estimate is only as good as the model's calibration. Pure.
 */
final class Estimate {

    static final String CAUSE = "ESTIMATED_DROP";

    record Result(Metric expected, double referenceValue, double drop, PerformanceVerdict verdict, Signal signal) {

        PerformanceScored event(String modelId, String version, long start, long end, PerformanceWindow w) {
            PerformanceJudge.Judgement j = new PerformanceJudge.Judgement(expected, referenceValue, drop, Double.NaN, verdict);
            return PerformanceJudge.scored(modelId, version, start, end, w, List.of(expected), j, 0, true);
        }
    }

    private Estimate() {
    }

    static Optional<Result> judge(PerformanceWindow w, PerformanceWindow reference, PerformanceLimits limits) {
        if (reference == null || w.confidence.count() < limits.minLabels() || reference.confidence.count() < limits.minLabels()) {
            return Optional.empty();
        }
        Metric expected = w.confidence.expectedAccuracy(limits.confidence());
        double ref = reference.confidence.expectedAccuracy(limits.confidence()).value();
        if (!(ref > 0)) {
            return Optional.empty();
        }
        double drop = (ref - expected.value()) / ref;
        boolean significant = expected.favourableBound() < ref;
        boolean degraded = significant && drop > limits.estimatedDrop();
        Signal signal = new Signal(CAUSE, degraded ? HealthLevel.WARNING : HealthLevel.NONE, expected.name(), drop,
                limits.estimatedDrop(), String.format(java.util.Locale.ROOT, "expected accuracy %.4f vs %.4f in the reference, n=%d",
                expected.value(), ref, w.confidence.count()), facts(expected, ref, w, reference, limits.confidence()));
        return Optional.of(new Result(expected, ref, drop, degraded ? PerformanceVerdict.DEGRADED : PerformanceVerdict.OK, signal));
    }

    /** The expected accuracy against the reference's, with its interval when it has one, over how many predictions. */
    private static Facts facts(Metric expected, double ref, PerformanceWindow w, PerformanceWindow reference, double confidence) {
        Facts facts = Facts.of(PerformanceJudge.RELATIVE_DROP).withMeasured(expected.value(), ref)
                .withHigherIsBetter(expected.higherIsBetter()).withSampleSize(w.confidence.count())
                .withReferenceSize(reference.confidence.count());
        return expected.hasInterval() ? facts.withInterval(expected.lower(), expected.upper(), confidence) : facts;
    }
}
