package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.shepherd.streams.challenger.stats.RunningMoments;
import io.shepherd.streams.drift.stats.SketchFormat;

/**
 * The labelled predictions of a regression model in one window: running moments of the absolute error, the squared
 * error and the absolute percentage error (over the rows whose truth is not 0, the others counted). Mutable and
 * mergeable.
 */
public final class RegressionTally {

    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "RegressionTally";

    private RunningMoments absolute = new RunningMoments();
    private RunningMoments squared = new RunningMoments();
    private RunningMoments percentage = new RunningMoments();

    public static RegressionTally empty() {
        return new RegressionTally();
    }

    /** @throws IllegalArgumentException when either value is NaN or infinite */
    public void add(double predicted, double truth) {
        if (!Double.isFinite(predicted) || !Double.isFinite(truth)) {
            throw new IllegalArgumentException("a regression outcome needs finite values, got predicted=" + predicted
                    + " truth=" + truth);
        }
        double error = Math.abs(predicted - truth);
        absolute.add(error);
        squared.add(error * error);
        if (truth != 0) {
            percentage.add(error / Math.abs(truth));
        }
    }

    public void merge(RegressionTally other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a tally into itself");
        }
        absolute.merge(other.absolute);
        squared.merge(other.squared);
        percentage.merge(other.percentage);
    }

    public long count() {
        return absolute.count();
    }

    /** The mean of the absolute errors: the MAE. */
    public double meanAbsoluteError() {
        return absolute.mean();
    }

    /** The sample variance of the absolute errors. */
    public double absoluteErrorVariance() {
        return absolute.variance();
    }

    /** Rows left out of the MAPE because their truth is 0. */
    public long zeroTruthCount() {
        return absolute.count() - percentage.count();
    }

    /**
     * mae, rmse and mape (a fraction, left out when every truth was 0), lower is better, none when the tally is empty.
     * Intervals are normal approximations from the running moments: mean ± z·s/√n for the MAE and the MAPE; for the
     * RMSE the delta method on the mean squared error, SE(√m) = SE(m) / (2√m).
     */
    public List<Metric> metrics(double confidence) {
        Intervals.z(confidence);
        List<Metric> metrics = new ArrayList<>();
        if (count() == 0) {
            return metrics;
        }
        metrics.add(meanOf("mae", absolute, confidence));
        double rmse = Math.sqrt(squared.mean());
        double se = rmse > 0 ? squared.standardError() / (2 * rmse) : 0;
        metrics.add(Intervals.normal("rmse", rmse, se, confidence, 0, Double.POSITIVE_INFINITY, "delta", false));
        if (percentage.count() > 0) {
            metrics.add(meanOf("mape", percentage, confidence));
        }
        return metrics;
    }

    private static Metric meanOf(String name, RunningMoments moments, double confidence) {
        return Intervals.normal(name, moments.mean(), moments.standardError(), confidence, 0,
                Double.POSITIVE_INFINITY, "normal", false);
    }

    /** Version 1: version byte, then the moments of the absolute, squared and percentage errors, each as a block. */
    public byte[] toBytes() {
        byte[] a = absolute.toBytes();
        byte[] s = squared.toBytes();
        byte[] p = percentage.toBytes();
        ByteBuffer buf = ByteBuffer.allocate(1 + SketchFormat.blockSize(a) + SketchFormat.blockSize(s)
                + SketchFormat.blockSize(p)).put(FORMAT_VERSION);
        SketchFormat.putBlock(buf, a);
        SketchFormat.putBlock(buf, s);
        SketchFormat.putBlock(buf, p);
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static RegressionTally fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, buf -> {
            RegressionTally tally = new RegressionTally();
            tally.absolute = RunningMoments.fromBytes(SketchFormat.getBlock(buf));
            tally.squared = RunningMoments.fromBytes(SketchFormat.getBlock(buf));
            tally.percentage = RunningMoments.fromBytes(SketchFormat.getBlock(buf));
            SketchFormat.require(tally.squared.count() == tally.absolute.count()
                    && tally.percentage.count() <= tally.absolute.count(), TYPE, "counts disagree");
            return tally;
        });
    }
}
