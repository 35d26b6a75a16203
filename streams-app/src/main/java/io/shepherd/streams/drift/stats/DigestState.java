package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The byte format of a {@link MergingDigest}'s complete state, read and written without changing the digest.
 *
 * <p>A t-digest's own serialization first compresses the digest: it merges the buffer of values not yet merged into
 * the centroids, at the coarser public compression. That changes the digest's future (which centroids later values
 * join), so a digest written at a wall-clock-timed commit would behave differently from one that was not. This class
 * writes everything the digest's future depends on instead, so {@code read(write(d))} behaves exactly as {@code d}
 * for every later add, merge and compress: the merge count (merges alternate their direction with its parity), min
 * and max, the merged centroids and the buffer. The compression (both the public and the internal one, and the
 * arrays' capacities, which follow from it) is the caller's: it rebuilds the digest with the same constructor.
 *
 * <p>Format (NumericSketch format version 3; version 2, which {@link #read} still reads, is the same but for the two
 * runs of means, which it writes as plain doubles): byte flags (always 3: bit 0 alternating sort, bit 1 two-level compression, the only
 * mode the port has), varint mergeCount (unsigned), double min, double max, weight totalWeight, varint lastUsedCell,
 * lastUsedCell weights, the lastUsedCell means ({@link XorDoubles}), weight unmergedWeight, varint tempUsed, varint m,
 * m pairs (varint index, weight) of the buffered weights that are not 1 (indexes ascending), the tempUsed buffered
 * means ({@link XorDoubles}). A weight is a varint 2w when it is a whole number below 2^53, else the varint 1 and the
 * double. Varints are unsigned LEB128, doubles big-endian IEEE 754. Means are kept exactly (the sorted centroid means
 * share their leading bytes; a buffered raw value costs up to 8.5 bytes).
 */
final class DigestState {

    /** Alternating merge directions (bit 0) and two-level compression (bit 1): the port's only mode. */
    private static final int FLAGS = 3;
    private static final double MAX_WHOLE = 0x1p53;

    private DigestState() {
    }

    /** NumericSketch's format versions whose digest state {@link #read} reads. */
    static final int PLAIN_MEANS = 2;
    static final int XOR_MEANS = 3;

    /** Length of {@link #write}. */
    static int sizeInBytes(MergingDigest digest) {
        int used = digest.tempUsed;
        int size = 1 + varintSize(digest.mergeCount & 0xFFFFFFFFL) + 16 + weightSize(digest.totalWeight)
                + centroidsSize(digest) + weightSize(digest.unmergedWeight)
                + varintSize(used) + XorDoubles.size(digest.tempMean, used);
        int notUnit = 0;
        for (int i = 0; i < used; i++) {
            if (digest.tempWeight[i] != 1) {
                notUnit++;
                size += varintSize(i) + weightSize(digest.tempWeight[i]);
            }
        }
        return size + varintSize(notUnit);
    }

    /** Length of the centroids section: their count, weights and XOR-coded means. */
    private static int centroidsSize(MergingDigest digest) {
        return digest.keepEncodedCentroids ? encodedCentroids(digest).length : computedCentroidsSize(digest);
    }

    private static int computedCentroidsSize(MergingDigest digest) {
        int cells = digest.lastUsedCell;
        int size = varintSize(cells) + XorDoubles.size(digest.mean, cells);
        for (int i = 0; i < cells; i++) {
            size += weightSize(digest.weight[i]);
        }
        return size;
    }

    private static void putCentroids(MergingDigest digest, ByteBuffer buf) {
        int cells = digest.lastUsedCell;
        putVarint(buf, cells);
        for (int i = 0; i < cells; i++) {
            putWeight(buf, digest.weight[i]);
        }
        XorDoubles.put(buf, digest.mean, cells);
    }

    /** The centroids section, encoded once per merge for a digest that keeps it. */
    private static byte[] encodedCentroids(MergingDigest digest) {
        byte[] encoded = digest.encodedCentroids;
        if (encoded == null) {
            ByteBuffer buf = ByteBuffer.allocate(computedCentroidsSize(digest));
            putCentroids(digest, buf);
            encoded = buf.array();
            digest.encodedCentroids = encoded;
        }
        return encoded;
    }

    /** Writes the digest's complete state, in the newest format ({@link #XOR_MEANS}); the digest is not changed. */
    static void write(MergingDigest digest, ByteBuffer buf) {
        int used = digest.tempUsed;
        double[] tempWeight = digest.tempWeight;
        buf.put((byte) FLAGS);
        putVarint(buf, digest.mergeCount & 0xFFFFFFFFL);
        buf.putDouble(digest.min).putDouble(digest.max);
        putWeight(buf, digest.totalWeight);
        if (digest.keepEncodedCentroids) {
            buf.put(encodedCentroids(digest));
        } else {
            putCentroids(digest, buf);
        }
        putWeight(buf, digest.unmergedWeight);
        putVarint(buf, used);
        int notUnit = 0;
        for (int i = 0; i < used; i++) {
            if (tempWeight[i] != 1) {
                notUnit++;
            }
        }
        putVarint(buf, notUnit);
        for (int i = 0; i < used; i++) {
            if (tempWeight[i] != 1) {
                putVarint(buf, i);
                putWeight(buf, tempWeight[i]);
            }
        }
        XorDoubles.put(buf, digest.tempMean, used);
    }

    /**
     * Reads what {@link #write} wrote, or format version 2 wrote, into a new digest of the given compression.
     *
     * @param version {@link #PLAIN_MEANS} or {@link #XOR_MEANS}
     * @throws IllegalArgumentException on corrupt bytes (truncation surfaces as a BufferUnderflowException)
     */
    static MergingDigest read(ByteBuffer buf, double compression, int version, String type) {
        MergingDigest digest = new MergingDigest(compression);
        int flags = buf.get();
        SketchFormat.require(flags == FLAGS, type, "digest flags " + flags);
        long mergeCountBits = getVarlong(buf, type);
        SketchFormat.require(mergeCountBits >= 0 && mergeCountBits <= 0xFFFFFFFFL, type, "merge count " + mergeCountBits);
        double min = buf.getDouble();
        double max = buf.getDouble();
        SketchFormat.require(!Double.isNaN(min) && !Double.isNaN(max), type, "digest min or max is NaN");
        double totalWeight = getWeight(buf, type);
        int cells = getVarint(buf, digest.centroidCapacity, type);
        digest.ensureCentroids(cells);
        double[] weight = digest.weight;
        double[] mean = digest.mean;
        for (int i = 0; i < cells; i++) {
            weight[i] = getWeight(buf, type);
            SketchFormat.require(weight[i] > 0, type, "centroid " + i + " has weight " + weight[i]);
        }
        getMeans(buf, mean, cells, version, type);
        for (int i = 0; i < cells; i++) {
            SketchFormat.require(!Double.isNaN(mean[i]), type, "centroid " + i + " has a NaN mean");
        }
        double unmergedWeight = getWeight(buf, type);
        // add() merges before the buffer and the centroids would overflow it
        int used = getVarint(buf, digest.bufferCapacity - cells - 1, type);
        digest.ensureBuffer(used);
        double[] tempWeight = digest.tempWeight;
        double[] tempMean = digest.tempMean;
        int notUnit = getVarint(buf, used, type);
        Arrays.fill(tempWeight, 0, used, 1);
        int previous = -1;
        for (int k = 0; k < notUnit; k++) {
            int i = getVarint(buf, used - 1, type);
            SketchFormat.require(i > previous, type, "buffered weights out of order");
            previous = i;
            tempWeight[i] = getWeight(buf, type);
            SketchFormat.require(tempWeight[i] > 0 && tempWeight[i] != 1, type, "buffered weight " + tempWeight[i]);
        }
        getMeans(buf, tempMean, used, version, type);
        for (int i = 0; i < used; i++) {
            SketchFormat.require(!Double.isNaN(tempMean[i]), type, "buffered value " + i + " is NaN");
        }
        digest.mergeCount = (int) mergeCountBits;
        digest.min = min;
        digest.max = max;
        digest.totalWeight = totalWeight;
        digest.lastUsedCell = cells;
        digest.unmergedWeight = unmergedWeight;
        digest.tempUsed = used;
        return digest;
    }

    private static void getMeans(ByteBuffer buf, double[] means, int n, int version, String type) {
        if (version == XOR_MEANS) {
            XorDoubles.get(buf, means, n, type);
            return;
        }
        for (int i = 0; i < n; i++) {
            means[i] = buf.getDouble();
        }
    }

    /**
     * A digest of the given compression whose state is set from compressed centroids (format version 1's), with an
     * empty buffer and a merge count of 0.
     */
    static MergingDigest ofCentroids(double compression, double min, double max, double[] centroidWeight,
            double[] centroidMean) {
        MergingDigest digest = new MergingDigest(compression);
        int n = centroidWeight.length;
        if (n > digest.centroidCapacity) {
            throw new IllegalArgumentException(n + " centroids do not fit a digest of compression " + compression);
        }
        digest.ensureCentroids(n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            digest.weight[i] = centroidWeight[i];
            digest.mean[i] = centroidMean[i];
            total += centroidWeight[i];
        }
        digest.min = min;
        digest.max = max;
        digest.totalWeight = total;
        digest.lastUsedCell = n;
        return digest;
    }

    private static boolean isWhole(double w) {
        return w >= 0 && w < MAX_WHOLE && w == Math.rint(w);
    }

    static int weightSize(double w) {
        return isWhole(w) ? varintSize(2 * (long) w) : 1 + 8;
    }

    static void putWeight(ByteBuffer buf, double w) {
        if (isWhole(w)) {
            putVarint(buf, 2 * (long) w);
        } else {
            buf.put((byte) 1);
            buf.putDouble(w);
        }
    }

    static double getWeight(ByteBuffer buf, String type) {
        long v = getVarlong(buf, type);
        if ((v & 1) == 0) {
            return v >>> 1;
        }
        SketchFormat.require(v == 1, type, "weight tag " + v);
        double w = buf.getDouble();
        SketchFormat.require(!Double.isNaN(w), type, "NaN weight");
        return w;
    }

    static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    static void putVarint(ByteBuffer buf, long v) {
        while ((v & ~0x7FL) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    static long getVarlong(ByteBuffer buf, String type) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("corrupt " + type + " bytes: varint longer than 10 bytes");
    }

    /** A varint in [0, max]. */
    static int getVarint(ByteBuffer buf, int max, String type) {
        long v = getVarlong(buf, type);
        SketchFormat.require(v >= 0 && v <= max, type, "count " + v + " out of [0, " + max + "]");
        return (int) v;
    }
}
