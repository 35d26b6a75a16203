package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;
import java.util.Map;

import io.shepherd.streams.drift.stats.SketchFormat;

/**
 * Label-free expected accuracy of a classifier (confidence-based performance estimation): if the model is
 * calibrated, a prediction whose top class has probability p is right with probability p, so the expected accuracy
 * of a window is the mean top-class probability, available long before the labels. An early warning only: a model
 * that is confidently wrong keeps its expected accuracy. Mutable and mergeable.
 */
public final class ConfidenceTally {

    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "ConfidenceTally";
    private static final int BYTES = 1 + 8 + 8 + 8;

    private long count;
    private double sumP;
    /** Σ p(1 - p): the variance of the number of right predictions, a Poisson-binomial sum. */
    private double sumPq;

    public static ConfidenceTally empty() {
        return new ConfidenceTally();
    }

    /** @throws IllegalArgumentException on null or empty probabilities, or one outside [0, 1] */
    public void add(Map<String, Double> probabilities) {
        if (probabilities == null || probabilities.isEmpty()) {
            throw new IllegalArgumentException("expected accuracy needs class probabilities, got " + probabilities);
        }
        double top = -1;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            double p = e.getValue() == null ? Double.NaN : e.getValue();
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of " + e.getKey() + " must be in [0, 1], got " + p);
            }
            top = Math.max(top, p);
        }
        count++;
        sumP += top;
        sumPq += top * (1 - top);
    }

    public void merge(ConfidenceTally other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a tally into itself");
        }
        count += other.count;
        sumP += other.sumP;
        sumPq += other.sumPq;
    }

    public long count() {
        return count;
    }

    /**
     * "expected_accuracy": the mean top-class probability, with the normal interval of a Poisson-binomial mean,
     * SE = √(Σ p(1 - p)) / n, clipped to [0, 1]. 0 without an interval when the tally is empty.
     */
    public Metric expectedAccuracy(double confidence) {
        Intervals.z(confidence);
        if (count == 0) {
            return Metric.point("expected_accuracy", 0, true);
        }
        return Intervals.normal("expected_accuracy", sumP / count, Math.sqrt(sumPq) / count, confidence, 0, 1,
                "normal", true);
    }

    /** Version 1: version byte, long count, double Σ p, double Σ p(1 - p). Big-endian. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT_VERSION).putLong(count).putDouble(sumP).putDouble(sumPq).array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static ConfidenceTally fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, buf -> {
            ConfidenceTally tally = new ConfidenceTally();
            tally.count = buf.getLong();
            tally.sumP = buf.getDouble();
            tally.sumPq = buf.getDouble();
            SketchFormat.require(tally.count >= 0 && tally.sumP >= 0 && tally.sumP <= tally.count * (1 + 1e-9)
                    && tally.sumPq >= 0 && tally.sumPq <= tally.count * 0.25 * (1 + 1e-9), TYPE,
                    "count " + tally.count + ", sums " + tally.sumP + ", " + tally.sumPq);
            return tally;
        });
    }
}
