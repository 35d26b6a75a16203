package io.shepherd.streams.drift;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.shepherd.streams.drift.stats.CategorySketch;
import io.shepherd.streams.drift.stats.EmbeddingSketch;
import io.shepherd.streams.drift.stats.NumericSketch;

/**
 * {@link FeatureSketches} taken apart for the store: a header (compression, max categories, records) and one entry
 * per feature (a series), so that a change to a few features writes only theirs. Each value starts with its format
 * byte; the formats of the drift stores' values are distinct ({@link FeatureSketches} whole: 1, header: 2, series: 3,
 * {@link DriftChange}: 4), so a store's values say what they are.
 */
final class SketchSeries {

    static final byte HEADER_FORMAT = 2;
    static final byte SERIES_FORMAT = 3;
    private static final int NUMERIC = 1;
    private static final int CATEGORICAL = 2;
    private static final int EMBEDDING = 4;
    private static final int MISSING_OF_UNKNOWN_KIND = 8;

    private SketchSeries() {
    }

    static byte[] header(FeatureSketches sketches) {
        return write(32, out -> {
            out.writeByte(HEADER_FORMAT);
            out.writeDouble(sketches.compression());
            out.writeInt(sketches.maxCategories());
            out.writeLong(sketches.records());
        });
    }

    /** Empty sketches with the header's settings and record count; {@link #restore} adds the features. */
    static FeatureSketches fromHeader(byte[] bytes) {
        return read(bytes, HEADER_FORMAT, "header", in -> {
            FeatureSketches sketches = new FeatureSketches(in.readDouble(), in.readInt());
            sketches.setRecords(in.readLong());
            return sketches;
        });
    }

    /** Everything the sketches know of one feature, its name included. */
    static byte[] series(FeatureSketches sketches, String feature) {
        NumericSketch n = sketches.numericOrNull(feature);
        CategorySketch c = sketches.categoricalOrNull(feature);
        EmbeddingSketch e = sketches.embeddingOrNull(feature);
        long missing = sketches.missingOfUnknownKind(feature);
        return write(n == null && e == null ? 64 : 2048, out -> {
            out.writeByte(SERIES_FORMAT);
            out.writeUTF(feature);
            out.writeByte((n == null ? 0 : NUMERIC) | (c == null ? 0 : CATEGORICAL) | (e == null ? 0 : EMBEDDING)
                    | (missing == 0 ? 0 : MISSING_OF_UNKNOWN_KIND));
            writeBlock(out, n == null ? null : n.toBytes());
            writeBlock(out, c == null ? null : c.toBytes());
            writeBlock(out, e == null ? null : e.toBytes());
            if (missing != 0) {
                out.writeLong(missing);
            }
        });
    }

    static String featureOf(byte[] series) {
        return read(series, SERIES_FORMAT, "series", in -> in.readUTF());
    }

    /** Replaces the series' feature in {@code sketches} by what the series holds. */
    static void restore(FeatureSketches sketches, byte[] series) {
        read(series, SERIES_FORMAT, "series", in -> {
            String feature = in.readUTF();
            int present = in.readByte();
            byte[] n = readBlock(in, present, NUMERIC);
            byte[] c = readBlock(in, present, CATEGORICAL);
            byte[] e = readBlock(in, present, EMBEDDING);
            long missing = (present & MISSING_OF_UNKNOWN_KIND) != 0 ? in.readLong() : 0;
            sketches.replaceFeature(feature, n == null ? null : NumericSketch.fromBytes(n), c == null ? null : CategorySketch.fromBytes(c),
                    e == null ? null : EmbeddingSketch.fromBytes(e), missing);
            return feature;
        });
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        if (block != null) {
            out.writeInt(block.length);
            out.write(block);
        }
    }

    private static byte[] readBlock(DataInputStream in, int present, int flag) throws IOException {
        if ((present & flag) == 0) {
            return null;
        }
        byte[] block = new byte[in.readInt()];
        in.readFully(block);
        return block;
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(int size, Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
            DataOutputStream out = new DataOutputStream(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a value of the given format, refusing any other with the name of what was expected. */
    static <T> T read(byte[] bytes, byte format, String what, Reader<T> reader) {
        if (bytes.length == 0 || bytes[0] != format) {
            throw new IllegalArgumentException("unknown drift " + what + " format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated drift " + what + ": " + e, e);
        }
    }
}
