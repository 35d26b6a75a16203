package io.shepherd.streams.drift;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.streams.drift.stats.EmbeddingSketch;
import io.shepherd.streams.validation.FeatureValue;

/**
 * The reference window of one model version: which events it takes (the first N after deployment, the first T of
 * event time, a pinned event-time range, or an explicit set from the reference topic), whether it is complete, and
 * its sketches. Embedding distances are measured to an anchor: the reference centroid of its first
 * {@link #ANCHOR_VECTORS} vectors, fixed from then on so reference and current distances share one origin.
 */
public final class ReferenceState {

    public enum Kind { FIRST_EVENTS, FIRST_DURATION, EXPLICIT_SET, PINNED_RANGE }

    public static final int ANCHOR_VECTORS = 100;
    /** Format 1 holds the whole sketches; format 2 only their header, the features being separate {@link SketchSeries}. */
    private static final byte WHOLE_FORMAT = 1;
    static final byte HEADER_FORMAT = 2;

    private final String id;
    private final Kind kind;
    private final long events;
    private final long startTime;
    private final long endTime;
    private boolean complete;
    private final FeatureSketches sketches;
    private final TreeMap<String, double[]> anchors = new TreeMap<>();

    /**
     * @param events    N for FIRST_EVENTS; the minimum rows for EXPLICIT_SET
     * @param startTime deployment time (FIRST_*), range start (PINNED_RANGE)
     * @param endTime   startTime + T (FIRST_DURATION), range end (PINNED_RANGE); unused otherwise
     */
    public ReferenceState(String id, Kind kind, long events, long startTime, long endTime, FeatureSketches sketches) {
        this.id = id;
        this.kind = kind;
        this.events = events;
        this.startTime = startTime;
        this.endTime = endTime;
        this.sketches = sketches;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public boolean complete() {
        return complete;
    }

    public FeatureSketches sketches() {
        return sketches;
    }

    /** The anchor of an embedding feature, or null before it has {@link #ANCHOR_VECTORS} vectors. */
    public double[] anchor(String feature) {
        return anchors.get(feature);
    }

    /** Whether a served event (not a reference-topic row) at this event time belongs to the reference. */
    public boolean acceptsServed(long eventTime) {
        return switch (kind) {
            case FIRST_EVENTS -> !complete && eventTime >= startTime;
            case FIRST_DURATION -> eventTime >= startTime && eventTime < endTime;
            case PINNED_RANGE -> eventTime >= startTime && eventTime < endTime;
            case EXPLICIT_SET -> false;
        };
    }

    public boolean acceptsReferenceRow() {
        return kind == Kind.EXPLICIT_SET;
    }

    public void add(Map<String, Object> features) {
        sketches.add(features, this::anchor);
        fixAnchors();
        if (kind == Kind.FIRST_EVENTS && sketches.records() >= events) {
            complete = true;
        }
    }

    /**
     * Time-bounded references complete when the version's own event time passes their end; an explicit set once it has enough rows.
     *
     * @return whether the reference just completed (and so has changed)
     */
    public boolean advance(long versionTime, long minRows) {
        boolean was = complete;
        if (!complete && (kind == Kind.FIRST_DURATION || kind == Kind.PINNED_RANGE) && versionTime >= endTime) {
            complete = true;
        }
        if (!complete && kind == Kind.EXPLICIT_SET && sketches.records() >= Math.max(events, minRows)) {
            complete = true;
        }
        return complete != was;
    }

    private void fixAnchors() {
        for (String feature : sketches.features()) {
            if (!anchors.containsKey(feature) && sketches.kindOf(feature).orElse(null) == FeatureValue.EMBEDDING) {
                EmbeddingSketch sketch = sketches.embeddingOrNull(feature);
                if (sketch.count() >= ANCHOR_VECTORS) {
                    anchors.put(feature, sketch.centroid());
                }
            }
        }
    }

    /** Everything, the sketches whole (format 1). */
    public byte[] toBytes() {
        return toBytes(WHOLE_FORMAT, sketches.toBytes());
    }

    /** Everything but the features' sketches, which are stored as {@link SketchSeries} apart (format 2). */
    byte[] headerBytes() {
        return toBytes(HEADER_FORMAT, SketchSeries.header(sketches));
    }

    private byte[] toBytes(byte format, byte[] sketchBytes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(format);
            out.writeUTF(id);
            out.writeByte(kind.ordinal());
            out.writeLong(events);
            out.writeLong(startTime);
            out.writeLong(endTime);
            out.writeBoolean(complete);
            out.writeInt(anchors.size());
            for (Map.Entry<String, double[]> anchor : anchors.entrySet()) {
                out.writeUTF(anchor.getKey());
                out.writeInt(anchor.getValue().length);
                for (double d : anchor.getValue()) {
                    out.writeDouble(d);
                }
            }
            out.writeInt(sketchBytes.length);
            out.write(sketchBytes);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Either format: after format 2 the sketches hold no features until their series are restored. */
    public static ReferenceState fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != WHOLE_FORMAT && format != HEADER_FORMAT) {
                throw new IllegalArgumentException("unknown reference state format " + format);
            }
            String id = in.readUTF();
            Kind kind = Kind.values()[in.readByte()];
            long events = in.readLong();
            long start = in.readLong();
            long end = in.readLong();
            boolean complete = in.readBoolean();
            TreeMap<String, double[]> anchors = new TreeMap<>();
            int anchorCount = in.readInt();
            for (int i = 0; i < anchorCount; i++) {
                String name = in.readUTF();
                double[] vector = new double[in.readInt()];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = in.readDouble();
                }
                anchors.put(name, vector);
            }
            byte[] sketchBytes = new byte[in.readInt()];
            in.readFully(sketchBytes);
            FeatureSketches sketches = format == WHOLE_FORMAT ? FeatureSketches.fromBytes(sketchBytes) : SketchSeries.fromHeader(sketchBytes);
            ReferenceState state = new ReferenceState(id, kind, events, start, end, sketches);
            state.complete = complete;
            state.anchors.putAll(anchors);
            return state;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated reference state: " + e, e);
        }
    }
}
