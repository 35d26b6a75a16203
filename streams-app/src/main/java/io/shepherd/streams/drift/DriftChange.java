package io.shepherd.streams.drift;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.streams.validation.FeatureValue;

/**
 * One change of a model version's panes and reference since their last fold into the store, as logged for replay:
 * an event's feature values (to a pane, to the reference or both), non-finite values counted in a pane, or the
 * reference completing by stream time. Encoded small: the changes of a version between two commits are written as one
 * log entry (format {@link #BATCH_FORMAT}); a log entry of one change each (format {@link #FORMAT}) is still read.
 */
sealed interface DriftChange {

    byte FORMAT = 4;
    byte BATCH_FORMAT = 5;
    /** The pane of an observation that went to the reference only (a reference-topic row). */
    long NO_PANE = Long.MIN_VALUE;

    /** Applies the change to the version's live state, exactly as the live path did. */
    void applyTo(ReferenceState reference, Map<Long, FeatureSketches> panes);

    /** The change's type byte and fields. */
    void writeBody(ByteWriter out);

    /** About how many bytes the change takes, so that encoding it copies no buffer. */
    default int sizeHint() {
        return 64;
    }

    record Observed(long pane, boolean toReference, Map<String, Object> features) implements DriftChange {
        @Override
        public void applyTo(ReferenceState reference, Map<Long, FeatureSketches> panes) {
            if (toReference) {
                reference.add(features);
            }
            if (pane != NO_PANE) {
                panes.get(pane).add(features, reference::anchor);
            }
        }

        @Override
        public int sizeHint() {
            return 32 + 32 * features.size();
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putByte(OBSERVED);
            out.putLong(pane);
            out.putByte(toReference ? 1 : 0);
            writeValues(out, features);
        }
    }

    record NonFinite(long pane, List<String> features) implements DriftChange {
        @Override
        public void applyTo(ReferenceState reference, Map<Long, FeatureSketches> panes) {
            FeatureSketches sketches = panes.get(pane);
            features.forEach(sketches::addNonFinite);
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putByte(NON_FINITE);
            out.putLong(pane);
            out.putInt(features.size());
            for (String feature : features) {
                out.putUtf(feature);
            }
        }
    }

    /** @param time the version's time the reference was advanced to ({@link ReferenceState#advance}) */
    record ReferenceAdvanced(long time, long minRows) implements DriftChange {
        @Override
        public void applyTo(ReferenceState reference, Map<Long, FeatureSketches> panes) {
            reference.advance(time, minRows);
        }

        @Override
        public void writeBody(ByteWriter out) {
            out.putByte(REFERENCE_ADVANCED);
            out.putLong(time);
            out.putLong(minRows);
        }
    }

    byte OBSERVED = 1;
    byte NON_FINITE = 2;
    byte REFERENCE_ADVANCED = 3;

    static byte[] toBytes(DriftChange change) {
        ByteWriter out = new ByteWriter(change.sizeHint());
        out.putByte(FORMAT);
        change.writeBody(out);
        return out.toByteArray();
    }

    /** The changes in their order as one log entry. */
    static byte[] toBytes(List<DriftChange> changes) {
        int size = 8;
        for (DriftChange change : changes) {
            size += change.sizeHint();
        }
        ByteWriter out = new ByteWriter(size);
        out.putByte(BATCH_FORMAT);
        out.putInt(changes.size());
        for (DriftChange change : changes) {
            change.writeBody(out);
        }
        return out.toByteArray();
    }

    /** The changes of a log entry of either format, in their order. */
    static List<DriftChange> listFromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == FORMAT) {
            return List.of(fromBytes(bytes));
        }
        return SketchSeries.read(bytes, BATCH_FORMAT, "change batch", in -> {
            int count = in.readInt();
            List<DriftChange> changes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                changes.add(readBody(in));
            }
            return changes;
        });
    }

    static DriftChange fromBytes(byte[] bytes) {
        return SketchSeries.read(bytes, FORMAT, "change", DriftChange::readBody);
    }

    private static DriftChange readBody(DataInputStream in) throws IOException {
            byte type = in.readByte();
            return switch (type) {
                case OBSERVED -> new Observed(in.readLong(), in.readBoolean(), readValues(in));
                case NON_FINITE -> {
                    long pane = in.readLong();
                    List<String> features = new ArrayList<>();
                    for (int i = in.readInt(); i > 0; i--) {
                        features.add(in.readUTF());
                    }
                    yield new NonFinite(pane, features);
                }
                case REFERENCE_ADVANCED -> new ReferenceAdvanced(in.readLong(), in.readLong());
                default -> throw new IllegalArgumentException("unknown drift change type " + type);
            };
    }

    /** Values as the sketches read them: a number as its double, a category as its string, an embedding as floats. */
    static void writeValues(ByteWriter out, Map<String, Object> features) {
        out.putInt(features.size());
        for (Map.Entry<String, Object> feature : features.entrySet()) {
            out.putUtf(feature.getKey());
            Object value = feature.getValue();
            FeatureValue kind = FeatureValue.kindOf(value);
            out.putByte(code(kind));
            switch (kind) {
                case NUMERIC -> out.putDouble(((Number) value).doubleValue());
                case CATEGORICAL -> out.putUtf(value.toString());
                case EMBEDDING -> {
                    float[] vector = FeatureValue.embedding(value);
                    out.putInt(vector.length);
                    for (float f : vector) {
                        out.putFloat(f);
                    }
                }
                case MISSING -> { }
                default -> throw new IllegalArgumentException("feature " + feature.getKey() + " has an unsupported value");
            }
        }
    }

    /** The kinds' codes in the bytes, independent of the enum's order. */
    static byte code(FeatureValue kind) {
        return switch (kind) {
            case NUMERIC -> 1;
            case CATEGORICAL -> 2;
            case EMBEDDING -> 3;
            case MISSING -> 4;
            case UNSUPPORTED -> 0;
        };
    }

    static FeatureValue kindOf(byte code) {
        return switch (code) {
            case 1 -> FeatureValue.NUMERIC;
            case 2 -> FeatureValue.CATEGORICAL;
            case 3 -> FeatureValue.EMBEDDING;
            case 4 -> FeatureValue.MISSING;
            default -> throw new IllegalArgumentException("unknown feature value code " + code);
        };
    }

    static Map<String, Object> readValues(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, Object> features = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            FeatureValue kind = kindOf(in.readByte());
            features.put(name, switch (kind) {
                case NUMERIC -> in.readDouble();
                case CATEGORICAL -> in.readUTF();
                case EMBEDDING -> {
                    int dimension = in.readInt();
                    List<Float> vector = new ArrayList<>(dimension);
                    for (int d = 0; d < dimension; d++) {
                        vector.add(in.readFloat());
                    }
                    yield vector;
                }
                case MISSING -> null;
                default -> throw new IllegalStateException("unsupported value kind " + kind);
            });
        }
        return features;
    }
}
