package io.shepherd.streams.drift.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of one categorical feature in one window: exact counts of up to {@code maxCategories} distinct
 * categories, in order of first appearance; values of any further category are counted in the {@value #OTHER} bucket
 * (as is a value that is literally {@value #OTHER}). Also counts records without a value. Mutable and mergeable.
 */
public final class CategorySketch {

    public static final String OTHER = "__other__";
    public static final int DEFAULT_MAX_CATEGORIES = 200;
    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "CategorySketch";
    private static final int HEADER_BYTES = 1 + 4 + 8 + 8 + 4;

    private final int maxCategories;
    private final Map<String, long[]> counts = new HashMap<>();
    private long other;
    private long missing;
    private long count;

    public CategorySketch() {
        this(DEFAULT_MAX_CATEGORIES);
    }

    /** @param maxCategories distinct categories counted by name, in [1, 100000] */
    public CategorySketch(int maxCategories) {
        if (maxCategories < 1 || maxCategories > 100_000) {
            throw new IllegalArgumentException("maxCategories must be in [1, 100000], got " + maxCategories);
        }
        this.maxCategories = maxCategories;
    }

    /** Counts a value; a null value counts as missing. */
    public void add(String category) {
        if (category == null) {
            missing++;
            return;
        }
        add(category, 1);
    }

    public void addMissing() {
        missing++;
    }

    private void add(String category, long n) {
        count += n;
        long[] counter = counts.get(category);
        if (counter != null) {
            counter[0] += n;
        } else if (counts.size() < maxCategories && !OTHER.equals(category)) {
            counts.put(category, new long[] {n});
        } else {
            other += n;
        }
    }

    /**
     * Adds another sketch's counts; the other is left as it was. Its categories are admitted heaviest first while
     * there is room, so a merge is exact whenever the union of named categories fits in {@code maxCategories}.
     */
    public void merge(CategorySketch other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a sketch into itself");
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(other.counts.entrySet());
        entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        for (Map.Entry<String, long[]> entry : entries) {
            add(entry.getKey(), entry.getValue()[0]);
        }
        count += other.other;
        this.other += other.other;
        missing += other.missing;
    }

    /** Counts by category, sorted by name, with {@value #OTHER} when it is not 0: an unmodifiable copy. */
    public Map<String, Long> counts() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((category, n) -> copy.put(category, n[0]));
        if (other > 0) {
            copy.put(OTHER, other);
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Count of one category (0 when unknown); {@value #OTHER} gives the overflow bucket. */
    public long count(String category) {
        if (OTHER.equals(category)) {
            return other;
        }
        long[] n = counts.get(category);
        return n == null ? 0 : n[0];
    }

    /** True when some value went to the {@value #OTHER} bucket. */
    public boolean overflowed() {
        return other > 0;
    }

    /** Values counted (not missing). */
    public long count() {
        return count;
    }

    public long missingCount() {
        return missing;
    }

    /** Every record seen, with or without a value. */
    public long totalCount() {
        return count + missing;
    }

    public int maxCategories() {
        return maxCategories;
    }

    /** Length of {@link #toBytes()}. */
    public long sizeInBytes() {
        long size = HEADER_BYTES;
        for (String category : counts.keySet()) {
            size += 4 + category.getBytes(StandardCharsets.UTF_8).length + 8;
        }
        return size;
    }

    /**
     * Version 1: version byte, int maxCategories, long missing, long other, int number of categories, then per
     * category (sorted by name, so equal sketches have equal bytes) int UTF-8 length, UTF-8 bytes and long count.
     */
    public byte[] toBytes() {
        Map<byte[], Long> entries = new LinkedHashMap<>();
        int size = HEADER_BYTES;
        for (Map.Entry<String, long[]> entry : new TreeMap<>(counts).entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            entries.put(name, entry.getValue()[0]);
            size += 4 + name.length + 8;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(FORMAT_VERSION);
        buf.putInt(maxCategories).putLong(missing).putLong(other).putInt(entries.size());
        entries.forEach((name, n) -> {
            SketchFormat.putBlock(buf, name);
            buf.putLong(n);
        });
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static CategorySketch fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, CategorySketch::read);
    }

    private static CategorySketch read(ByteBuffer buf) {
        int maxCategories = buf.getInt();
        SketchFormat.require(maxCategories >= 1 && maxCategories <= 100_000, TYPE, "maxCategories " + maxCategories);
        CategorySketch sketch = new CategorySketch(maxCategories);
        sketch.missing = buf.getLong();
        sketch.other = buf.getLong();
        int n = buf.getInt();
        SketchFormat.require(sketch.missing >= 0 && sketch.other >= 0, TYPE, "negative count");
        SketchFormat.require(n >= 0 && n <= maxCategories, TYPE, n + " categories, at most " + maxCategories);
        sketch.count = sketch.other;
        for (int i = 0; i < n; i++) {
            String category = new String(SketchFormat.getBlock(buf), StandardCharsets.UTF_8);
            long c = buf.getLong();
            SketchFormat.require(c >= 0, TYPE, "negative count of " + category);
            SketchFormat.require(sketch.counts.put(category, new long[] {c}) == null, TYPE, "duplicate " + category);
            sketch.count += c;
        }
        return sketch;
    }
}
