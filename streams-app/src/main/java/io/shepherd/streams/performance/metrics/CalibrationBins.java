package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;

import io.shepherd.streams.drift.stats.SketchFormat;

/**
 * Top-class probabilities in {@value #BINS} equal-width bins [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0] with, per bin,
 * the count, the sum of the probabilities and how many of the top classes were right: what the expected calibration
 * error needs.
 */
final class CalibrationBins {

    static final int BINS = 10;
    static final int BYTES = BINS * (8 + 8 + 8);

    private final long[] count = new long[BINS];
    private final long[] hits = new long[BINS];
    private final double[] confidence = new double[BINS];

    void add(double topProbability, boolean topIsRight) {
        int bin = Math.min(BINS - 1, (int) (topProbability * BINS));
        count[bin]++;
        confidence[bin] += topProbability;
        if (topIsRight) {
            hits[bin]++;
        }
    }

    void merge(CalibrationBins other) {
        for (int b = 0; b < BINS; b++) {
            count[b] += other.count[b];
            hits[b] += other.hits[b];
            confidence[b] += other.confidence[b];
        }
    }

    long total() {
        long total = 0;
        for (long n : count) {
            total += n;
        }
        return total;
    }

    /** ECE = Σ (n_b / n)·|accuracy_b - mean confidence_b| over the bins; NaN when empty. */
    double expectedCalibrationError() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(hits[b] - confidence[b]) / total;
            }
        }
        return ece;
    }

    /** Per bin: long count, long hits, double sum of probabilities. */
    void write(ByteBuffer buf) {
        for (int b = 0; b < BINS; b++) {
            buf.putLong(count[b]).putLong(hits[b]).putDouble(confidence[b]);
        }
    }

    static CalibrationBins read(ByteBuffer buf, String type) {
        CalibrationBins bins = new CalibrationBins();
        for (int b = 0; b < BINS; b++) {
            bins.count[b] = buf.getLong();
            bins.hits[b] = buf.getLong();
            bins.confidence[b] = buf.getDouble();
            SketchFormat.require(bins.count[b] >= 0 && bins.hits[b] >= 0 && bins.hits[b] <= bins.count[b]
                    && bins.confidence[b] >= 0 && bins.confidence[b] <= bins.count[b] + 1e-6 * bins.count[b], type,
                    "calibration bin " + b);
        }
        return bins;
    }
}
