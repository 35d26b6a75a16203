package io.shepherd.streams.drift;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import io.shepherd.streams.drift.stats.CategorySketch;
import io.shepherd.streams.drift.stats.EmbeddingSketch;
import io.shepherd.streams.drift.stats.NumericSketch;
import io.shepherd.streams.validation.FeatureValue;

/**
 * The sketches of every feature of one model version over one pane or one reference: live, mutable, mergeable.
 * A feature's kind is fixed by its first non-missing value. Features are kept sorted so scores come out in a stable order.
 */
public final class FeatureSketches {

    private static final byte FORMAT = 1;
    private static final Optional<FeatureValue> KNOWN_NUMERIC = Optional.of(FeatureValue.NUMERIC);
    private static final Optional<FeatureValue> KNOWN_CATEGORICAL = Optional.of(FeatureValue.CATEGORICAL);
    private static final Optional<FeatureValue> KNOWN_EMBEDDING = Optional.of(FeatureValue.EMBEDDING);
    private static final Slot EMPTY = new Slot();

    private final double compression;
    private final int maxCategories;
    private long records;
    private final TreeMap<String, NumericSketch> numeric = new TreeMap<>();
    private final TreeMap<String, CategorySketch> categorical = new TreeMap<>();
    private final TreeMap<String, EmbeddingSketch> embedding = new TreeMap<>();
    /**
     * The sketches above by feature name, looked up for each value of each event: one hash lookup instead of up to
     * three searches of the sorted maps, whose string comparisons were a tenth of the drift processor's time.
     */
    private final HashMap<String, Slot> byName = new HashMap<>();

    /** A feature's sketches; normally one, but panes may disagree on a kind their reference has not fixed. */
    private static final class Slot {
        private NumericSketch numeric;
        private CategorySketch categorical;
        private EmbeddingSketch embedding;
        /** Whether the feature has changed since {@link #takeChanged}: a flag here costs no lookup per value. */
        private boolean changed;
    }
    /** Missing values of features whose kind is not known yet (only nulls seen so far). */
    private final TreeMap<String, Long> missingOfUnknownKind = new TreeMap<>();
    /** Features of unknown kind whose missing count has changed since {@link #takeChanged}. */
    private final Set<String> changedOfUnknownKind = new HashSet<>();

    public FeatureSketches(double compression, int maxCategories) {
        this.compression = compression;
        this.maxCategories = maxCategories;
    }

    /**
     * Adds one event's features. Embedding distances are measured to {@code anchors} (the reference's anchor centroid
     * per embedding feature), when one is known.
     */
    public void add(Map<String, Object> features, Function<String, double[]> anchors) {
        records++;
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            String name = feature.getKey();
            Object value = feature.getValue();
            switch (FeatureValue.kindOf(value)) {
                case NUMERIC -> numeric(name).add(((Number) value).doubleValue());
                case CATEGORICAL -> categorical(name).add(value.toString());
                case EMBEDDING -> {
                    float[] vector = FeatureValue.embedding(value);
                    EmbeddingSketch sketch = slot(name).embedding;
                    if (sketch == null) {
                        sketch = new EmbeddingSketch(vector.length, compression);
                        register(embedding, name, sketch);
                    }
                    sketch.add(vector, anchors.apply(name));
                    byName.get(name).changed = true;
                }
                case MISSING -> addMissing(name);
                default -> throw new IllegalArgumentException("feature " + name + " has an unsupported value");
            }
        }
    }

    /** Counts a non-finite value of a numeric feature (its record is dead-lettered, its rate still reported). */
    public void addNonFinite(String feature) {
        numeric(feature).addNaN();
    }

    public void merge(FeatureSketches other) {
        records += other.records;
        other.numeric.forEach((name, sketch) -> numeric(name).merge(sketch));
        other.categorical.forEach((name, sketch) -> categorical(name).merge(sketch));
        other.embedding.forEach((name, sketch) -> {
            EmbeddingSketch mine = embedding.get(name);
            if (mine == null) {
                register(embedding, name, EmbeddingSketch.fromBytes(sketch.toBytes()));
            } else {
                mine.merge(sketch);
                byName.get(name).changed = true;
            }
        });
        other.missingOfUnknownKind.forEach(this::addMissingCount);
    }

    public FeatureSketches copy() {
        FeatureSketches copy = new FeatureSketches(compression, maxCategories);
        copy.merge(this);
        return copy;
    }

    public long records() {
        return records;
    }

    public Optional<FeatureValue> kindOf(String feature) {
        Slot slot = byName.get(feature);
        if (slot == null) {
            return Optional.empty();
        }
        if (slot.numeric != null) {
            return KNOWN_NUMERIC;
        }
        return slot.categorical != null ? KNOWN_CATEGORICAL : KNOWN_EMBEDDING;
    }

    public Set<String> features() {
        Set<String> names = new TreeSet<>(numeric.keySet());
        names.addAll(categorical.keySet());
        names.addAll(embedding.keySet());
        names.addAll(missingOfUnknownKind.keySet());
        return names;
    }

    public NumericSketch numericOrNull(String feature) {
        return numeric.get(feature);
    }

    public CategorySketch categoricalOrNull(String feature) {
        return categorical.get(feature);
    }

    public EmbeddingSketch embeddingOrNull(String feature) {
        return embedding.get(feature);
    }

    public long missingOfUnknownKind(String feature) {
        return missingOfUnknownKind.getOrDefault(feature, 0L);
    }

    public long sizeInBytes() {
        return toBytes().length;
    }

    double compression() {
        return compression;
    }

    int maxCategories() {
        return maxCategories;
    }

    void setRecords(long records) {
        this.records = records;
    }

    /** The features changed since the last call, in order; each one's sketches are {@link SketchSeries} apart. */
    Set<String> takeChanged() {
        Set<String> changed = new TreeSet<>(changedOfUnknownKind);
        changedOfUnknownKind.clear();
        byName.forEach((name, slot) -> {
            if (slot.changed) {
                changed.add(name);
                slot.changed = false;
            }
        });
        return changed;
    }

    /**
     * Replaces everything known of one feature (as {@link SketchSeries} decoded it), leaving it unchanged for
     * {@link #takeChanged}. Any of the sketches may be null; {@code missingOfUnknownKind} counts only without them.
     */
    void replaceFeature(String name, NumericSketch n, CategorySketch c, EmbeddingSketch e, long missingOfUnknown) {
        numeric.remove(name);
        categorical.remove(name);
        embedding.remove(name);
        byName.remove(name);
        missingOfUnknownKind.remove(name);
        changedOfUnknownKind.remove(name);
        if (n != null) {
            register(numeric, name, n);
        }
        if (c != null) {
            register(categorical, name, c);
        }
        if (e != null) {
            register(embedding, name, e);
        }
        if (missingOfUnknown > 0) {
            missingOfUnknownKind.put(name, missingOfUnknown);
        }
        Slot slot = byName.get(name);
        if (slot != null) {
            slot.changed = false;
        }
    }

    /** Counts every feature as changed (when the sketches come from an older format that must be written anew). */
    void markAllChanged() {
        byName.values().forEach(slot -> slot.changed = true);
        changedOfUnknownKind.addAll(missingOfUnknownKind.keySet());
    }

    private NumericSketch numeric(String name) {
        Slot slot = byName.get(name);
        NumericSketch sketch = slot == null ? null : slot.numeric;
        if (sketch == null) {
            sketch = new NumericSketch(compression);
            absorbMissing(name, sketch::addMissing);
            register(numeric, name, sketch);
            slot = byName.get(name);
        }
        slot.changed = true;
        return sketch;
    }

    private CategorySketch categorical(String name) {
        Slot slot = byName.get(name);
        CategorySketch sketch = slot == null ? null : slot.categorical;
        if (sketch == null) {
            sketch = new CategorySketch(maxCategories);
            absorbMissing(name, sketch::addMissing);
            register(categorical, name, sketch);
            slot = byName.get(name);
        }
        slot.changed = true;
        return sketch;
    }

    private Slot slot(String name) {
        Slot slot = byName.get(name);
        return slot == null ? EMPTY : slot;
    }

    /** Puts a new sketch into its section and the index. */
    private <S> void register(Map<String, S> section, String name, S sketch) {
        section.put(name, sketch);
        Slot slot = byName.computeIfAbsent(name, n -> new Slot());
        if (sketch instanceof NumericSketch n) {
            slot.numeric = n;
        } else if (sketch instanceof CategorySketch c) {
            slot.categorical = c;
        } else {
            slot.embedding = (EmbeddingSketch) sketch;
        }
        slot.changed = true;
    }

    private void addMissing(String name) {
        Slot slot = slot(name);
        if (slot.numeric != null) {
            slot.numeric.addMissing();
            slot.changed = true;
        } else if (slot.categorical != null) {
            slot.categorical.addMissing();
            slot.changed = true;
        } else {
            addMissingCount(name, 1L);
        }
    }

    private void addMissingCount(String name, long count) {
        if (kindOf(name).isPresent()) {
            for (long i = 0; i < count; i++) {
                addMissing(name);
            }
        } else {
            missingOfUnknownKind.merge(name, count, Long::sum);
            changedOfUnknownKind.add(name);
        }
    }

    private void absorbMissing(String name, Runnable addMissing) {
        Long missing = missingOfUnknownKind.remove(name);
        for (long i = 0; missing != null && i < missing; i++) {
            addMissing.run();
        }
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeDouble(compression);
            out.writeInt(maxCategories);
            out.writeLong(records);
            writeSection(out, numeric, NumericSketch::toBytes);
            writeSection(out, categorical, CategorySketch::toBytes);
            writeSection(out, embedding, EmbeddingSketch::toBytes);
            out.writeInt(missingOfUnknownKind.size());
            for (Map.Entry<String, Long> e : missingOfUnknownKind.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeatureSketches fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown feature sketches format " + format);
            }
            FeatureSketches sketches = new FeatureSketches(in.readDouble(), in.readInt());
            sketches.records = in.readLong();
            sketches.readSection(in, sketches.numeric, NumericSketch::fromBytes);
            sketches.readSection(in, sketches.categorical, CategorySketch::fromBytes);
            sketches.readSection(in, sketches.embedding, EmbeddingSketch::fromBytes);
            int unknown = in.readInt();
            for (int i = 0; i < unknown; i++) {
                sketches.missingOfUnknownKind.put(in.readUTF(), in.readLong());
            }
            return sketches;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated feature sketches: " + e, e);
        }
    }

    private static <S> void writeSection(DataOutputStream out, Map<String, S> section, Function<S, byte[]> encode) throws IOException {
        out.writeInt(section.size());
        for (Map.Entry<String, S> e : section.entrySet()) {
            byte[] b = encode.apply(e.getValue());
            out.writeUTF(e.getKey());
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private <S> void readSection(DataInputStream in, Map<String, S> section, Function<byte[], S> decode) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            register(section, name, decode.apply(b));
        }
    }
}
