package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;

/**
 * The values of one numeric feature in one window: a t-digest of the finite values ({@link MergingDigest}, t-digest
 * 3.3's, ported), the 16 smallest and 16 largest values exactly ({@link Extremes}), the exact count, mean and spread
 * (Welford's running mean and sum of squared deviations, merged with Chan's formula), min and max, and counts of
 * missing and non-finite (NaN, ±Inf) values. Mutable and mergeable, so partial sketches of several partitions or panes
 * combine into a window's sketch.
 *
 * <p>{@link #add} is allocation-free and amortised O(1) (the digest buffers values and merges them in batches of
 * {@link #MERGE_EVERY}).
 *
 * <p>Everything a sketch does is a function of the values added and the sketches merged into it, in their order, and
 * of nothing else: not of when or how often it was serialized. {@link #toBytes} does not change the sketch and writes
 * its complete state, the digest's buffer of values not yet merged and its merge count included ({@link DigestState}),
 * so {@code fromBytes(s.toBytes())} behaves bit for bit as {@code s} for every later add, merge and score. (Until
 * format version 1 the digest was written with t-digest's {@code asSmallBytes}, which compresses the live digest:
 * the digest's later centroids, and so the scores, depended on when Kafka Streams happened to commit.)
 *
 * <p>Scores, cdf, quantile and merges into other sketches read the digest's compressed summary ({@link #view}): the
 * centroids of a compressed copy of the digest (means as float32), so the live digest is never compressed by being
 * read, and the summary is a function of the digest's state alone.
 *
 * <p>The digest's scale function is K_1: centroid sizes proportional to sqrt(q(1-q)) (at most about 3 % of the values
 * at the median, for compression 100) rather than t-digest's default K_2, whose centroids near the median grow to
 * 10-15 % of the values: K_2 kept the tails tighter but put rank errors of 0.03-0.05 into the KS and PSI of a bimodal
 * sample, K_1 about 0.003. The tails are made exact by {@link Extremes} instead. See DriftAccuracyBenchmark.
 *
 * <p>Format changes: version 3 (this one) still reads version 2 (the same state, its means as plain doubles) and
 * version 1 (its digest becomes a compressed digest with an empty buffer, as version 1 restored it); a sketch is
 * always written in version 3. Any other version is refused with an {@link IllegalArgumentException}: the state stores
 * that hold sketches are then rebuilt from scratch.
 */
public final class NumericSketch {

    public static final double DEFAULT_COMPRESSION = 100;
    static final byte FORMAT_VERSION = 3;
    /** The oldest format version {@link #fromBytes} still reads. */
    static final byte OLDEST_FORMAT_VERSION = 1;
    private static final String TYPE = "NumericSketch";
    /**
     * The digest's buffer is merged into its centroids every this many adds (the digest by itself would wait for
     * about 900 at compression 100). The bytes carry the buffer, 8 bytes per value: merging early keeps a sketch of 10^3 to 10^6
     * values at 1.4-2.2 KB (format version 3; 0.8-1.5 KB for a few distinct values) instead of up to 9 KB, at about
     * the same cost per add (about 0.3 µs).
     */
    static final int MERGE_EVERY = 64;

    private final double compression;
    private long count;
    private long missing;
    private long nonFinite;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private Extremes extremes = new Extremes();

    /** The live digest: never compressed but by its own adds and merges. */
    private MergingDigest digest;
    /** The digest's compressed summary, or null when the digest has changed since it was last read. */
    private DigestView view;
    /** Adds to the digest since its buffer was last merged: the digest's buffered values. */
    private int buffered;

    public NumericSketch() {
        this(DEFAULT_COMPRESSION);
    }

    /** @param compression the t-digest compression, in [20, 1000]; at 100 the whole sketch takes at most about 2 KB */
    public NumericSketch(double compression) {
        if (!(compression >= 20 && compression <= 1000)) {
            throw new IllegalArgumentException("t-digest compression must be in [20, 1000], got " + compression);
        }
        this.compression = compression;
        this.digest = new MergingDigest(compression);
    }

    private NumericSketch(double compression, MergingDigest digest) {
        this.compression = compression;
        this.digest = digest;
        this.buffered = digest.tempUsed;
    }

    /**
     * Marks the sketch as written at (nearly) every change: its digest keeps its encoded centroids between merges, so
     * that {@link #toBytes} encodes only what changed since (about 2 KB more heap at compression 100). For the few
     * sketches of a version's open serving and performance windows, not for the many of drift's series.
     *
     * @return this sketch
     */
    public NumericSketch writtenOften() {
        digest.keepEncodedCentroids = true;
        return this;
    }

    /** Adds a value; NaN and ±Inf are counted as non-finite and kept out of the digest. */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            nonFinite++;
            return;
        }
        addToDigest(value, 1);
        mergeBufferWhenDue();
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

    /**
     * Adds everything another sketch has seen, its digest as its {@link #view} has it; the other sketch is left as it
     * was (its view is computed and cached, from a copy of its digest).
     */
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
        double carry = 0;
        for (int i = 0; i < centroids.centroidCount(); i++) {
            double w = centroids.weight(i) + carry;
            int whole = (int) Math.floor(w + 1e-9);
            carry = w - whole;
            if (whole > 0) {
                addToDigest(centroids.mean(i), whole);
            }
        }
        // after all of them, as one batch: the merge expects the extreme centroids to stay singletons
        mergeBufferWhenDue();
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

    /** {@link #cdf} at each of the points, which must not decrease, in one pass over the digest. */
    public double[] cdfs(double[] ascending) {
        return view().cdfsAtOrBelow(ascending);
    }

    /** {@link #quantile} of each of the shares, which must not decrease, in one pass over the digest. */
    public double[] quantiles(double[] ascending) {
        return view().quantiles(ascending, ascending.length);
    }

    /**
     * The digest's compressed summary with exact tails: what cdf, quantile, the scores and merges into other sketches
     * read. Computed once per change, from a copy of the digest, so reading never changes the live digest.
     */
    DigestView view() {
        if (view == null) {
            view = DigestView.of(summaryBytes(), extremes.lowest(), extremes.highest());
        }
        return view;
    }

    /**
     * The centroids of a compressed copy of the digest (the live digest is left as it is), a function of the digest's
     * state only, in the small encoding {@link DigestView} reads: int 2, double min, double max, float compression,
     * short centroid capacity, short buffer capacity, short centroid count, then per centroid a float weight and a
     * float mean. Exactly what t-digest 3.3's {@code smallByteSize()} and {@code asSmallBytes()} gave before the port,
     * so every score stays the same: each of them compressed the digest, so the copy is compressed twice.
     */
    byte[] summaryBytes() {
        MergingDigest copy = new MergingDigest(digest);
        copy.compress();
        copy.compress();
        int n = copy.lastUsedCell;
        ByteBuffer buf = ByteBuffer.allocate(30 + 8 * n);
        buf.putInt(2).putDouble(copy.min).putDouble(copy.max).putFloat((float) copy.publicCompression);
        buf.putShort((short) copy.centroidCapacity).putShort((short) copy.bufferCapacity).putShort((short) n);
        for (int i = 0; i < n; i++) {
            buf.putFloat((float) copy.weight[i]).putFloat((float) copy.mean[i]);
        }
        return buf.array();
    }

    /** Values (or merged-in centroids) the digest holds in its buffer, not yet merged into its centroids. */
    int bufferedValues() {
        return digest.tempUsed;
    }

    private void addToDigest(double value, int weight) {
        view = null;
        digest.add(value, weight);
        buffered++;
    }

    /**
     * Merges the digest's buffer into its centroids once it holds {@link #MERGE_EVERY} values (or a merged sketch's
     * centroids): a function of the adds alone, which keeps the buffer the bytes must carry small.
     */
    private void mergeBufferWhenDue() {
        if (buffered >= MERGE_EVERY) {
            digest.mergeBuffer();
            buffered = 0;
        }
    }

    /** Length of {@link #toBytes()}; computed without writing them. */
    public long sizeInBytes() {
        return 1 + 8 + DigestState.varintSize(count) + DigestState.varintSize(missing)
                + DigestState.varintSize(nonFinite) + 4 * 8 + DigestState.sizeInBytes(digest) + extremes.sizeInBytes();
    }

    /**
     * The complete state, without changing the sketch. Version 3: version byte, double compression, varint count,
     * varint missing, varint non-finite, double mean, double M2, double min, double max, the digest's complete state
     * ({@link DigestState}), then a short m = min(16, count) and the m smallest values ascending and the m largest
     * descending, as doubles. Big-endian; varints are unsigned LEB128.
     *
     * <p>Version 2 wrote the digest's means as plain doubles (see {@link DigestState}). Version 1 had long counts and,
     * instead of the complete state, the digest's {@code asSmallBytes} prefixed with their int length.
     */
    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate((int) sizeInBytes());
        buf.put(FORMAT_VERSION);
        buf.putDouble(compression);
        DigestState.putVarint(buf, count);
        DigestState.putVarint(buf, missing);
        DigestState.putVarint(buf, nonFinite);
        buf.putDouble(mean).putDouble(m2).putDouble(min).putDouble(max);
        DigestState.write(digest, buf);
        extremes.write(buf);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("NumericSketch wrote " + buf.position() + " bytes, expected " + buf.limit());
        }
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static NumericSketch fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, OLDEST_FORMAT_VERSION, FORMAT_VERSION, bytes, NumericSketch::read);
    }

    static NumericSketch read(int version, ByteBuffer buf) {
        double compression = buf.getDouble();
        SketchFormat.require(compression >= 20 && compression <= 1000, TYPE, "compression " + compression);
        long count = version == 1 ? buf.getLong() : DigestState.getVarlong(buf, TYPE);
        long missing = version == 1 ? buf.getLong() : DigestState.getVarlong(buf, TYPE);
        long nonFinite = version == 1 ? buf.getLong() : DigestState.getVarlong(buf, TYPE);
        SketchFormat.require(count >= 0 && missing >= 0 && nonFinite >= 0, TYPE, "negative count");
        double mean = buf.getDouble();
        double m2 = buf.getDouble();
        double min = buf.getDouble();
        double max = buf.getDouble();
        MergingDigest digest = version == 1
                ? digestOfSmallBytes(compression, SketchFormat.getBlock(buf))
                : DigestState.read(buf, compression, version, TYPE);
        NumericSketch sketch = new NumericSketch(compression, digest);
        sketch.count = count;
        sketch.missing = missing;
        sketch.nonFinite = nonFinite;
        sketch.mean = mean;
        sketch.m2 = m2;
        sketch.min = min;
        sketch.max = max;
        sketch.extremes = Extremes.read(buf, count, TYPE);
        double total = digest.size();
        // Merged-in centroids' weights were float32 in format version 1: exact up to 2^24 per centroid, close beyond.
        SketchFormat.require(Math.abs(total - count) <= 0.5 + 1e-6 * count, TYPE,
                "digest holds " + total + " values, count is " + count);
        return sketch;
    }

    /** Format version 1's digest, t-digest 3.3's {@code asSmallBytes}, as the compressed digest it describes. */
    private static MergingDigest digestOfSmallBytes(double compression, byte[] smallBytes) {
        ByteBuffer buf = ByteBuffer.wrap(smallBytes);
        SketchFormat.require(buf.getInt() == 2, TYPE, "version 1 digest not in the small encoding");
        double min = buf.getDouble();
        double max = buf.getDouble();
        buf.getFloat();
        buf.getShort();
        buf.getShort();
        int n = buf.getShort();
        SketchFormat.require(n >= 0 && n * 8 == buf.remaining(), TYPE, "version 1 digest of " + n + " centroids in "
                + smallBytes.length + " bytes");
        double[] weight = new double[n];
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            weight[i] = buf.getFloat();
            mean[i] = buf.getFloat();
            SketchFormat.require(weight[i] > 0 && !Double.isNaN(mean[i]), TYPE, "bad centroid " + i);
        }
        try {
            return DigestState.ofCentroids(compression, min, max, weight, mean);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt " + TYPE + " bytes: " + e.getMessage(), e);
        }
    }
}
