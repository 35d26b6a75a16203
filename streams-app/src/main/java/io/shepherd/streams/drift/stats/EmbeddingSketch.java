package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;

/**
 * The vectors of one embedding feature in one window: their count and running sum (so centroid = sum / count), and a
 * {@link NumericSketch} of each vector's cosine distance to a reference centroid, when one is given. Mutable and
 * mergeable; {@link #add} is allocation-free.
 */
public final class EmbeddingSketch {

    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "EmbeddingSketch";

    private final int dimension;
    private final double[] sum;
    private long count;
    private final NumericSketch distances;

    public EmbeddingSketch(int dimension) {
        this(dimension, NumericSketch.DEFAULT_COMPRESSION);
    }

    /** @param compression of the t-digest of distances to the reference centroid */
    public EmbeddingSketch(int dimension, double compression) {
        this(dimension, new NumericSketch(compression));
    }

    private EmbeddingSketch(int dimension, NumericSketch distances) {
        if (dimension < 1) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.sum = new double[dimension];
        this.distances = distances;
    }

    /**
     * Adds a vector to the sum and, when {@code referenceCentroidOrNull} is given, its cosine distance to that centroid
     * to the distance sketch (a zero vector or centroid has no direction: its distance counts as non-finite).
     *
     * @throws IllegalArgumentException when a dimension differs from the sketch's or a component is not finite; the
     *                                  sketch is then unchanged
     */
    public void add(float[] vector, double[] referenceCentroidOrNull) {
        checkDimension("embedding", vector.length);
        double dot = 0;
        double normV = 0;
        double normC = 0;
        boolean withReference = referenceCentroidOrNull != null;
        if (withReference) {
            checkDimension("reference centroid", referenceCentroidOrNull.length);
        }
        for (int i = 0; i < dimension; i++) {
            float v = vector[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding component " + i + " is not finite: " + v);
            }
            normV += (double) v * v;
            if (withReference) {
                dot += v * referenceCentroidOrNull[i];
                normC += referenceCentroidOrNull[i] * referenceCentroidOrNull[i];
            }
        }
        for (int i = 0; i < dimension; i++) {
            sum[i] += vector[i];
        }
        count++;
        if (withReference) {
            addDistance(cosineDistance(dot, normV, normC));
        }
    }

    private void addDistance(double distance) {
        if (Double.isFinite(distance)) {
            distances.add(distance);
        } else {
            distances.addNaN();
        }
    }

    /** 1 - cos(angle), in [0, 2]; NaN when a norm is 0. */
    static double cosineDistance(double dot, double squaredNormA, double squaredNormB) {
        if (squaredNormA <= 0 || squaredNormB <= 0) {
            return Double.NaN;
        }
        double cos = dot / Math.sqrt(squaredNormA * squaredNormB);
        return 1 - Math.max(-1, Math.min(1, cos));
    }

    /** 1 - cos(angle) between two vectors; NaN when either is 0. */
    public static double cosineDistance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of dimensions " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return cosineDistance(dot, na, nb);
    }

    private void checkDimension(String what, int length) {
        if (length != dimension) {
            throw new IllegalArgumentException(what + " has dimension " + length + " but the sketch holds dimension " + dimension);
        }
    }

    /** Adds another sketch's vectors and distances; the other is left as it was. */
    public void merge(EmbeddingSketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        checkDimension("merged sketch", other.dimension);
        for (int i = 0; i < dimension; i++) {
            sum[i] += other.sum[i];
        }
        count += other.count;
        distances.merge(other.distances);
    }

    public int dimension() {
        return dimension;
    }

    /** Vectors added. */
    public long count() {
        return count;
    }

    /** Mean vector, a new array; NaN components when no vector was added. */
    public double[] centroid() {
        double[] centroid = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            centroid[i] = count == 0 ? Double.NaN : sum[i] / count;
        }
        return centroid;
    }

    /** The live sketch of cosine distances to the reference centroid: read it, do not change it. */
    public NumericSketch distances() {
        return distances;
    }

    /** Length of {@link #toBytes()}. */
    public long sizeInBytes() {
        return 1 + 4 + 8 + 8L * dimension + 4 + distances.sizeInBytes();
    }

    /**
     * Version 1: version byte, int dimension, long count, the sum as dimension doubles, then the distance sketch's
     * bytes prefixed with their int length. Big-endian.
     */
    public byte[] toBytes() {
        byte[] distanceBytes = distances.toBytes();
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 + 8 * dimension + 4 + distanceBytes.length);
        buf.put(FORMAT_VERSION);
        buf.putInt(dimension).putLong(count);
        for (double s : sum) {
            buf.putDouble(s);
        }
        SketchFormat.putBlock(buf, distanceBytes);
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static EmbeddingSketch fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, EmbeddingSketch::read);
    }

    private static EmbeddingSketch read(ByteBuffer buf) {
        int dimension = buf.getInt();
        SketchFormat.require(dimension >= 1 && dimension <= buf.remaining() / 8, TYPE, "dimension " + dimension);
        long count = buf.getLong();
        SketchFormat.require(count >= 0, TYPE, "negative count");
        double[] sum = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            sum[i] = buf.getDouble();
        }
        EmbeddingSketch sketch = new EmbeddingSketch(dimension, NumericSketch.fromBytes(SketchFormat.getBlock(buf)));
        System.arraycopy(sum, 0, sketch.sum, 0, dimension);
        sketch.count = count;
        return sketch;
    }
}
