package io.shepherd.streams.challenger.stats;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Count, mean and spread of a stream of values: Welford's running mean and sum of squared deviations, merged with
 * Chan's formula, so partial moments of several partitions or panes combine into a window's. Mutable.
 */
public final class RunningMoments {

    static final byte FORMAT_VERSION = 1;
    private static final int BYTES = 1 + 8 + 8 + 8;

    private long n;
    private double mean;
    private double m2;

    public RunningMoments() {
    }

    /**
     * Moments given as a summary: n values with this mean and sample variance (n - 1 in the denominator), as a paper
     * or another system reports them.
     */
    public static RunningMoments of(long n, double mean, double sampleVariance) {
        if (n < 0 || !Double.isFinite(mean) || !(sampleVariance >= 0) || Double.isInfinite(sampleVariance)) {
            throw new IllegalArgumentException("moments need n >= 0, a finite mean and a finite variance >= 0, got n="
                    + n + " mean=" + mean + " variance=" + sampleVariance);
        }
        RunningMoments moments = new RunningMoments();
        moments.n = n;
        moments.mean = n == 0 ? 0 : mean;
        moments.m2 = n < 2 ? 0 : sampleVariance * (n - 1);
        return moments;
    }

    /** @throws IllegalArgumentException on NaN or an infinite value: it would poison every later moment */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("running moments take finite values only, got " + value);
        }
        n++;
        double delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
    }

    /** Adds the other's values; the other is left as it was. */
    public void merge(RunningMoments other) {
        if (other.n == 0) {
            return;
        }
        long total = n + other.n;
        double delta = other.mean - mean;
        mean += delta * other.n / total;
        m2 += other.m2 + delta * delta * ((double) n * other.n / total);
        n = total;
    }

    public long count() {
        return n;
    }

    /** Mean of the values, 0 when there are none. */
    public double mean() {
        return mean;
    }

    /** Sample variance (n - 1 in the denominator), 0 below two values. */
    public double variance() {
        return n < 2 ? 0 : Math.max(0, m2 / (n - 1));
    }

    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    /** Standard error of the mean, sqrt(variance / n), 0 below two values. */
    public double standardError() {
        return n < 2 ? 0 : Math.sqrt(variance() / n);
    }

    /** Version 1: version byte, long n, double mean, double sum of squared deviations. Big-endian. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT_VERSION).putLong(n).putDouble(mean).putDouble(m2).array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static RunningMoments fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown RunningMoments format "
                    + (bytes == null || bytes.length == 0 ? "(no bytes)" : "version " + bytes[0])
                    + ", expected version " + FORMAT_VERSION);
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("RunningMoments bytes must be " + BYTES + " long, got " + bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, BYTES - 1);
        RunningMoments moments = new RunningMoments();
        try {
            moments.n = buf.getLong();
            moments.mean = buf.getDouble();
            moments.m2 = buf.getDouble();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated RunningMoments bytes", e);
        }
        if (moments.n < 0 || !Double.isFinite(moments.mean) || !(moments.m2 >= 0) || Double.isInfinite(moments.m2)) {
            throw new IllegalArgumentException("corrupt RunningMoments bytes: n=" + moments.n + " mean="
                    + moments.mean + " m2=" + moments.m2);
        }
        return moments;
    }
}
