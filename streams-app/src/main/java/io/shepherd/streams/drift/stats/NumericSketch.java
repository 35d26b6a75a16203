package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;

/**
 * The values of one numeric feature in one window: a t-digest of the finite values (scale function K_1, see
 * {@link #SCALE}), the 16 smallest and 16 largest values exactly ({@link Extremes}), the exact count, mean and spread
 * (Welford's running mean and sum of squared deviations, merged with Chan's formula), min and max, and counts of
 * missing and non-finite (NaN, ±Inf) values. Mutable and mergeable, so partial sketches of several partitions or panes
 * combine into a window's sketch.
 *
 * <p>{@link #add} is allocation-free and amortised O(1) (the digest buffers values and merges them in batches).
 *
 * <p>Scores are computed from the persisted form of the digest (its {@code asSmallBytes}, which keeps means as
 * float32), so a live sketch and its round trip through {@link #toBytes}/{@link #fromBytes} score identically. The
 * digest itself is only deserialized when the sketch is changed again.
 */
public final class NumericSketch {

    public static final double DEFAULT_COMPRESSION = 100;
    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "NumericSketch";
    private static final int HEADER_BYTES = 1 + 8 + 3 * 8 + 4 * 8 + 4;
    /**
     * Centroid sizes proportional to sqrt(q(1-q)) (at most about 3 % of the values at the median, for compression 100)
     * rather than the library's default K_2, whose centroids near the median grow to 10-15 % of the values: K_2 kept
     * the tails tighter but put rank errors of 0.03-0.05 into the KS and PSI of a bimodal sample, K_1 about 0.003.
     * The tails are made exact by {@link Extremes} instead. See DriftAccuracyBenchmark.
     */
    static final ScaleFunction SCALE = ScaleFunction.K_1;

    private final double compression;
    private long count;
    private long missing;
    private long nonFinite;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private Extremes extremes = new Extremes();

    /** The live digest, or null until the sketch read from bytes is changed. */
    private MergingDigest digest;
    /** The digest's persisted form, or null when the live digest has changed since it was last written. */
    private byte[] digestBytes;
    private DigestView view;

    public NumericSketch() {
        this(DEFAULT_COMPRESSION);
    }

    /** @param compression the t-digest compression, in [20, 1000]; at 100 the whole sketch takes about 0.9 KB */
    public NumericSketch(double compression) {
        if (!(compression >= 20 && compression <= 1000)) {
            throw new IllegalArgumentException("t-digest compression must be in [20, 1000], got " + compression);
        }
        this.compression = compression;
        this.digest = newDigest(compression);
    }

    private NumericSketch(double compression, byte[] digestBytes) {
        this.compression = compression;
        this.digestBytes = digestBytes;
    }

    /** Adds a value; NaN and ±Inf are counted as non-finite and kept out of the digest. */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return;
        }
        liveDigest().add(value);
        extremes.offer(value);
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    /** Counts a record without a value for this feature. */
    public void addMissing() {
        missing++;
    }

    /** Counts a NaN or infinite value. */
    public void addNaN() {
        nonFinite++;
    }

    /** Adds everything another sketch has seen; the other sketch is left as it was. */
    public void merge(NumericSketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        if (other.count > 0) {
            addCentroidsOf(other);
            long total = count + other.count;
            double delta = other.mean - mean;
            mean += delta * other.count / total;
            m2 += other.m2 + delta * delta * ((double) count * other.count / total);
            count = total;
            extremes.merge(other.extremes);
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
        missing += other.missing;
        nonFinite += other.nonFinite;
    }

    /**
     * Adds the other's centroids as its view has them (exact tails, discrete atoms). The view's weights can be
     * fractional (a centroid split between two atoms), the digest's are whole: the fractions are carried over, so no
     * weight is lost.
     */
    private void addCentroidsOf(NumericSketch other) {
        DigestView centroids = other.view();
        MergingDigest target = liveDigest();
        double carry = 0;
        for (int i = 0; i < centroids.centroidCount(); i++) {
            double w = centroids.weight(i) + carry;
            int whole = (int) Math.floor(w + 1e-9);
            carry = w - whole;
            if (whole > 0) {
                target.add(centroids.mean(i), whole);
            }
        }
    }

    public long count() {
        return count;
    }

    public long missingCount() {
        return missing;
    }

    public long nonFiniteCount() {
        return nonFinite;
    }

    /** Every record seen: finite, missing and non-finite. */
    public long totalCount() {
        return count + missing + nonFinite;
    }

    /** Mean of the finite values, NaN when there are none. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Population standard deviation of the finite values, NaN when there are none. */
    public double standardDeviation() {
        return count == 0 ? Double.NaN : Math.sqrt(Math.max(0, m2 / count));
    }

    /** Smallest finite value, NaN when there are none. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Largest finite value, NaN when there are none. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double compression() {
        return compression;
    }

    /** Estimated share of the finite values at or below x (t-digest interpolation), NaN when there are none. */
    public double cdf(double x) {
        return view().cdfAtOrBelow(x);
    }

    /** Estimated q-quantile of the finite values (t-digest interpolation), NaN when there are none. */
    public double quantile(double q) {
        return view().quantile(q);
    }

    /** The digest as it is persisted; computed once per change. */
    DigestView view() {
        if (view == null) {
            view = DigestView.of(digestBytes(), extremes.lowest(), extremes.highest());
        }
        return view;
    }

    private static MergingDigest newDigest(double compression) {
        MergingDigest digest = new MergingDigest(compression);
        digest.setScaleFunction(SCALE);
        return digest;
    }

    private MergingDigest liveDigest() {
        if (digest == null) {
            // the scale function is not part of the digest's bytes
            digest = MergingDigest.fromBytes(ByteBuffer.wrap(digestBytes));
            digest.setScaleFunction(SCALE);
        }
        digestBytes = null;
        view = null;
        return digest;
    }

    private byte[] digestBytes() {
        if (digestBytes == null) {
            ByteBuffer buf = ByteBuffer.allocate(digest.smallByteSize());
            digest.asSmallBytes(buf);
            digestBytes = buf.array();
        }
        return digestBytes;
    }

    /** Length of {@link #toBytes()}. */
    public long sizeInBytes() {
        return HEADER_BYTES + digestBytes().length + extremes.sizeInBytes();
    }

    /**
     * Version 1: version byte, double compression, long count, long missing, long non-finite, double mean, double M2,
     * double min, double max, the digest's {@code asSmallBytes} prefixed with their int length, then a short m =
     * min(16, count) and the m smallest values ascending and the m largest descending, as doubles. Big-endian.
     */
    public byte[] toBytes() {
        byte[] digestPart = digestBytes();
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + digestPart.length + extremes.sizeInBytes());
        buf.put(FORMAT_VERSION);
        buf.putDouble(compression);
        buf.putLong(count).putLong(missing).putLong(nonFinite);
        buf.putDouble(mean).putDouble(m2).putDouble(min).putDouble(max);
        SketchFormat.putBlock(buf, digestPart);
        extremes.write(buf);
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static NumericSketch fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, NumericSketch::read);
    }

    static NumericSketch read(ByteBuffer buf) {
        double compression = buf.getDouble();
        SketchFormat.require(compression >= 20 && compression <= 1000, TYPE, "compression " + compression);
        long count = buf.getLong();
        long missing = buf.getLong();
        long nonFinite = buf.getLong();
        SketchFormat.require(count >= 0 && missing >= 0 && nonFinite >= 0, TYPE, "negative count");
        double mean = buf.getDouble();
        double m2 = buf.getDouble();
        double min = buf.getDouble();
        double max = buf.getDouble();
        NumericSketch sketch = new NumericSketch(compression, SketchFormat.getBlock(buf));
        sketch.count = count;
        sketch.missing = missing;
        sketch.nonFinite = nonFinite;
        sketch.mean = mean;
        sketch.m2 = m2;
        sketch.min = min;
        sketch.max = max;
        sketch.extremes = Extremes.read(buf, count, TYPE);
        DigestView view = sketch.view();
        // Centroid weights are float32 in the digest's bytes: exact up to 2^24 per centroid, close beyond.
        SketchFormat.require(Math.abs(view.total() - count) <= 0.5 + 1e-6 * count, TYPE,
                "digest holds " + view.total() + " values, count is " + count);
        return sketch;
    }
}
