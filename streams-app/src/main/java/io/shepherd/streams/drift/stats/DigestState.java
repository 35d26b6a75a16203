package io.shepherd.streams.drift.stats;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;
import com.tdunning.math.stats.TDigest;

/**
 * The complete state of a t-digest 3.3 {@link MergingDigest}, read and written without changing the digest.
 *
 * <p>The library's own serialization ({@code asBytes}/{@code asSmallBytes}) first compresses the digest: it merges the
 * buffer of values not yet merged into the centroids, at the coarser public compression. That changes the digest's
 * future (which centroids later values join), so a digest written at a wall-clock-timed commit would behave
 * differently from one that was not. This class writes everything the digest's future depends on instead, so
 * {@code read(write(d))} behaves exactly as {@code d} for every later add, merge, compress, cdf and quantile:
 * <ul>
 * <li>{@code mergeCount} (merges alternate their direction with its parity), the {@code useAlternatingSort} and
 * {@code useTwoLevelCompression} flags;</li>
 * <li>min and max (fields of {@link TDigest});</li>
 * <li>the merged centroids: {@code lastUsedCell}, {@code totalWeight}, {@code weight[0..lastUsedCell)},
 * {@code mean[0..lastUsedCell)};</li>
 * <li>the buffer: {@code tempUsed}, {@code unmergedWeight}, {@code tempWeight[0..tempUsed)},
 * {@code tempMean[0..tempUsed)}.</li>
 * </ul>
 * The compression (both the public and the internal one, and the arrays' capacities, which follow from it) and the
 * scale function are the caller's: it rebuilds the digest with the same constructor and scale. The cells beyond
 * {@code lastUsedCell} and {@code tempUsed} and the sort order scratch array are always written before they are read.
 * The library sorts with random pivots, but by (value, index), a total order, so its results do not depend on them.
 *
 * <p>The library has no API for this, so the private fields are read and written by reflection, resolved once here
 * (as is the private {@code mergeNewValues()}, which {@link #mergeBuffer} calls); a t-digest version without one of
 * them fails at class initialization with a message that names it, and DigestStateTest fails when the layout changes.
 * The library's static {@code MergingDigest.useWeightLimit} is assumed to keep its default (true) process-wide.
 *
 * <p>Format: byte flags (bit 0 alternating sort, bit 1 two-level compression), varint mergeCount (unsigned), double
 * min, double max, weight totalWeight, varint lastUsedCell, lastUsedCell weights, lastUsedCell doubles (means), weight
 * unmergedWeight, varint tempUsed, varint m, m pairs (varint index, weight) of the buffered weights that are not 1
 * (indexes ascending), tempUsed doubles (buffered means). A weight is a varint 2w when it is a whole number below
 * 2^53, else the varint 1 and the double. Varints are unsigned LEB128, doubles big-endian IEEE 754: means are kept
 * exactly, and a buffered raw value costs its 8 bytes.
 */
final class DigestState {

    /** The t-digest version whose layout this class knows. */
    static final String TDIGEST_VERSION = "3.3";

    private static final int ALTERNATING_SORT = 1;
    private static final int TWO_LEVEL_COMPRESSION = 2;
    private static final double MAX_WHOLE = 0x1p53;

    static final Field MERGE_COUNT = field(MergingDigest.class, "mergeCount", int.class);
    static final Field PUBLIC_COMPRESSION = field(MergingDigest.class, "publicCompression", double.class);
    static final Field COMPRESSION = field(MergingDigest.class, "compression", double.class);
    static final Field LAST_USED_CELL = field(MergingDigest.class, "lastUsedCell", int.class);
    static final Field TOTAL_WEIGHT = field(MergingDigest.class, "totalWeight", double.class);
    static final Field WEIGHT = field(MergingDigest.class, "weight", double[].class);
    static final Field MEAN = field(MergingDigest.class, "mean", double[].class);
    static final Field UNMERGED_WEIGHT = field(MergingDigest.class, "unmergedWeight", double.class);
    static final Field TEMP_USED = field(MergingDigest.class, "tempUsed", int.class);
    static final Field TEMP_WEIGHT = field(MergingDigest.class, "tempWeight", double[].class);
    static final Field TEMP_MEAN = field(MergingDigest.class, "tempMean", double[].class);
    /** The library's scratch space for sorting; {@link BufferMerge} uses it as such. */
    static final Field ORDER = field(MergingDigest.class, "order", int[].class);
    static final Field MIN = field(TDigest.class, "min", double.class);
    static final Field MAX = field(TDigest.class, "max", double.class);

    private static final MethodHandle MERGE_NEW_VALUES = mergeNewValues();

    private DigestState() {
    }

    private static MethodHandle mergeNewValues() {
        try {
            return MethodHandles.privateLookupIn(MergingDigest.class, MethodHandles.lookup())
                    .findVirtual(MergingDigest.class, "mergeNewValues", MethodType.methodType(void.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(layoutChanged(MergingDigest.class, "it has no method void mergeNewValues()"), e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(layoutChanged(MergingDigest.class, "mergeNewValues() is not accessible"), e);
        }
    }

    /**
     * Merges the buffered values into the centroids, at the working compression, as the library does when its buffer
     * is full (not {@code compress()}, which merges at the coarser public compression): with {@link BufferMerge}, which
     * gives the library's result faster, where it applies.
     */
    static void mergeBuffer(MergingDigest digest) {
        if (!BufferMerge.applies(digest) || !BufferMerge.merge(digest)) {
            libraryMergeBuffer(digest);
        }
    }

    /** The library's own {@code mergeNewValues()}. Allocates nothing. */
    static void libraryMergeBuffer(MergingDigest digest) {
        try {
            MERGE_NEW_VALUES.invokeExact(digest);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field field = owner.getDeclaredField(name);
            if (field.getType() != type) {
                throw new IllegalStateException(layoutChanged(owner, name + " is a " + field.getType().getName()
                        + ", not a " + type.getName()));
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(layoutChanged(owner, "it has no field " + name), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException(layoutChanged(owner, "its field " + name + " cannot be made accessible"), e);
        }
    }

    private static String layoutChanged(Class<?> owner, String what) {
        return "NumericSketch serializes the complete state of a t-digest " + TDIGEST_VERSION + " MergingDigest, but "
                + owner.getName() + " on the class path does not match that version's layout: " + what
                + ". Adapt io.shepherd.streams.drift.stats.DigestState to the t-digest version in use.";
    }

    /** Length of {@link #write}. */
    static int sizeInBytes(MergingDigest digest) {
        int cells = lastUsedCell(digest);
        int used = tempUsed(digest);
        double[] weight = array(WEIGHT, digest);
        double[] tempWeight = array(TEMP_WEIGHT, digest);
        int size = 1 + varintSize(getInt(MERGE_COUNT, digest) & 0xFFFFFFFFL) + 16 + weightSize(getDouble(TOTAL_WEIGHT, digest))
                + varintSize(cells) + 8 * cells + weightSize(getDouble(UNMERGED_WEIGHT, digest)) + varintSize(used)
                + 8 * used;
        for (int i = 0; i < cells; i++) {
            size += weightSize(weight[i]);
        }
        int notUnit = 0;
        for (int i = 0; i < used; i++) {
            if (tempWeight[i] != 1) {
                notUnit++;
                size += varintSize(i) + weightSize(tempWeight[i]);
            }
        }
        return size + varintSize(notUnit);
    }

    /** Writes the digest's complete state; the digest is not changed. */
    static void write(MergingDigest digest, ByteBuffer buf) {
        if (digest.isRecording()) {
            throw new IllegalArgumentException("a digest that records all its data cannot be serialized");
        }
        int cells = lastUsedCell(digest);
        int used = tempUsed(digest);
        double[] weight = array(WEIGHT, digest);
        double[] mean = array(MEAN, digest);
        double[] tempWeight = array(TEMP_WEIGHT, digest);
        double[] tempMean = array(TEMP_MEAN, digest);
        buf.put((byte) ((digest.useAlternatingSort ? ALTERNATING_SORT : 0)
                | (digest.useTwoLevelCompression ? TWO_LEVEL_COMPRESSION : 0)));
        putVarint(buf, getInt(MERGE_COUNT, digest) & 0xFFFFFFFFL);
        buf.putDouble(getDouble(MIN, digest)).putDouble(getDouble(MAX, digest));
        putWeight(buf, getDouble(TOTAL_WEIGHT, digest));
        putVarint(buf, cells);
        for (int i = 0; i < cells; i++) {
            putWeight(buf, weight[i]);
        }
        for (int i = 0; i < cells; i++) {
            buf.putDouble(mean[i]);
        }
        putWeight(buf, getDouble(UNMERGED_WEIGHT, digest));
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
        for (int i = 0; i < used; i++) {
            buf.putDouble(tempMean[i]);
        }
    }

    /**
     * Reads what {@link #write} wrote into a new digest built as {@link #newDigest} builds one.
     *
     * @throws IllegalArgumentException on corrupt bytes (truncation surfaces as a BufferUnderflowException)
     */
    static MergingDigest read(ByteBuffer buf, double compression, ScaleFunction scale, String type) {
        MergingDigest digest = newDigest(compression, scale);
        double[] weight = array(WEIGHT, digest);
        double[] mean = array(MEAN, digest);
        double[] tempWeight = array(TEMP_WEIGHT, digest);
        double[] tempMean = array(TEMP_MEAN, digest);
        int flags = buf.get();
        SketchFormat.require((flags & ~(ALTERNATING_SORT | TWO_LEVEL_COMPRESSION)) == 0, type, "digest flags " + flags);
        long mergeCountBits = getVarlong(buf, type);
        SketchFormat.require(mergeCountBits >= 0 && mergeCountBits <= 0xFFFFFFFFL, type, "merge count " + mergeCountBits);
        int mergeCount = (int) mergeCountBits;
        double min = buf.getDouble();
        double max = buf.getDouble();
        SketchFormat.require(!Double.isNaN(min) && !Double.isNaN(max), type, "digest min or max is NaN");
        double totalWeight = getWeight(buf, type);
        int cells = getVarint(buf, weight.length, type);
        for (int i = 0; i < cells; i++) {
            weight[i] = getWeight(buf, type);
            SketchFormat.require(weight[i] > 0, type, "centroid " + i + " has weight " + weight[i]);
        }
        for (int i = 0; i < cells; i++) {
            mean[i] = buf.getDouble();
            SketchFormat.require(!Double.isNaN(mean[i]), type, "centroid " + i + " has a NaN mean");
        }
        double unmergedWeight = getWeight(buf, type);
        // add() merges before the buffer and the centroids would overflow it
        int used = getVarint(buf, tempWeight.length - cells - 1, type);
        int notUnit = getVarint(buf, used, type);
        java.util.Arrays.fill(tempWeight, 0, used, 1);
        int previous = -1;
        for (int k = 0; k < notUnit; k++) {
            int i = getVarint(buf, used - 1, type);
            SketchFormat.require(i > previous, type, "buffered weights out of order");
            previous = i;
            tempWeight[i] = getWeight(buf, type);
            SketchFormat.require(tempWeight[i] > 0 && tempWeight[i] != 1, type, "buffered weight " + tempWeight[i]);
        }
        for (int i = 0; i < used; i++) {
            tempMean[i] = buf.getDouble();
            SketchFormat.require(!Double.isNaN(tempMean[i]), type, "buffered value " + i + " is NaN");
        }
        digest.useAlternatingSort = (flags & ALTERNATING_SORT) != 0;
        digest.useTwoLevelCompression = (flags & TWO_LEVEL_COMPRESSION) != 0;
        set(MERGE_COUNT, digest, mergeCount);
        set(MIN, digest, min);
        set(MAX, digest, max);
        set(TOTAL_WEIGHT, digest, totalWeight);
        set(LAST_USED_CELL, digest, cells);
        set(UNMERGED_WEIGHT, digest, unmergedWeight);
        set(TEMP_USED, digest, used);
        return digest;
    }

    /**
     * A digest with the given compression and scale, whose state is set from compressed centroids (e.g. the library's
     * {@code asSmallBytes}), with an empty buffer and a merge count of 0.
     */
    static MergingDigest ofCentroids(double compression, ScaleFunction scale, double min, double max, double[] centroidWeight,
            double[] centroidMean) {
        MergingDigest digest = newDigest(compression, scale);
        double[] weight = array(WEIGHT, digest);
        double[] mean = array(MEAN, digest);
        int n = centroidWeight.length;
        if (n > weight.length) {
            throw new IllegalArgumentException(n + " centroids do not fit a digest of compression " + compression);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = centroidWeight[i];
            mean[i] = centroidMean[i];
            total += centroidWeight[i];
        }
        set(MIN, digest, min);
        set(MAX, digest, max);
        set(TOTAL_WEIGHT, digest, total);
        set(LAST_USED_CELL, digest, n);
        return digest;
    }

    /** An exact, independent copy of the digest (same future); the digest is not changed. */
    static MergingDigest copy(MergingDigest digest) {
        double compression = digest.compression();
        MergingDigest copy = newDigest(compression, digest.getScaleFunction());
        requireSameShape(digest, copy);
        copy.useAlternatingSort = digest.useAlternatingSort;
        copy.useTwoLevelCompression = digest.useTwoLevelCompression;
        int cells = lastUsedCell(digest);
        int used = tempUsed(digest);
        System.arraycopy(array(WEIGHT, digest), 0, array(WEIGHT, copy), 0, cells);
        System.arraycopy(array(MEAN, digest), 0, array(MEAN, copy), 0, cells);
        System.arraycopy(array(TEMP_WEIGHT, digest), 0, array(TEMP_WEIGHT, copy), 0, used);
        System.arraycopy(array(TEMP_MEAN, digest), 0, array(TEMP_MEAN, copy), 0, used);
        set(MERGE_COUNT, copy, getInt(MERGE_COUNT, digest));
        set(MIN, copy, getDouble(MIN, digest));
        set(MAX, copy, getDouble(MAX, digest));
        set(TOTAL_WEIGHT, copy, getDouble(TOTAL_WEIGHT, digest));
        set(LAST_USED_CELL, copy, cells);
        set(UNMERGED_WEIGHT, copy, getDouble(UNMERGED_WEIGHT, digest));
        set(TEMP_USED, copy, used);
        return copy;
    }

    /** Weight of the merged centroids plus the buffered values. */
    static double totalWeight(MergingDigest digest) {
        return getDouble(TOTAL_WEIGHT, digest) + getDouble(UNMERGED_WEIGHT, digest);
    }

    /** Number of values buffered and not yet merged into the centroids. */
    static int buffered(MergingDigest digest) {
        return tempUsed(digest);
    }

    static MergingDigest newDigest(double compression, ScaleFunction scale) {
        MergingDigest digest = new MergingDigest(compression);
        digest.setScaleFunction(scale);
        return digest;
    }

    private static void requireSameShape(MergingDigest digest, MergingDigest copy) {
        if (array(WEIGHT, digest).length != array(WEIGHT, copy).length
                || array(TEMP_WEIGHT, digest).length != array(TEMP_WEIGHT, copy).length
                || getDouble(COMPRESSION, digest) != getDouble(COMPRESSION, copy)
                || getDouble(PUBLIC_COMPRESSION, digest) != getDouble(PUBLIC_COMPRESSION, copy)) {
            throw new IllegalArgumentException("only digests built with MergingDigest(compression) can be copied");
        }
    }

    private static int lastUsedCell(MergingDigest digest) {
        return getInt(LAST_USED_CELL, digest);
    }

    private static int tempUsed(MergingDigest digest) {
        return getInt(TEMP_USED, digest);
    }

    static int[] ints(Field field, MergingDigest digest) {
        try {
            return (int[]) field.get(digest);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] array(Field field, MergingDigest digest) {
        try {
            return (double[]) field.get(digest);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static int getInt(Field field, TDigest digest) {
        try {
            return field.getInt(digest);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static double getDouble(Field field, TDigest digest) {
        try {
            return field.getDouble(digest);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void set(Field field, TDigest digest, int value) {
        try {
            field.setInt(digest, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void set(Field field, TDigest digest, double value) {
        try {
            field.setDouble(digest, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
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
