package io.shepherd.streams.performance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shepherd.events.Variant;

/**
 * A prediction waiting for its ground truth: what the join needs to score it once the label arrives, and nothing
 * more, because a million of them wait at once. Binary, with a format byte.
 *
 * @param label         predicted class, null for a regressor
 * @param score         numeric output (regression value or positive-class score), NaN when none
 * @param probabilities per-class probabilities, null when none
 * @param inReference   the prediction falls in the version's reference window, so its label also feeds the baseline
 */
record PendingPrediction(String modelVersion, Variant variant, long eventTime, long windowStart, String label, double score,
                         Map<String, Double> probabilities, boolean inReference) {

    private static final byte FORMAT = 1;

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeUTF(modelVersion);
            out.writeByte(variant.ordinal());
            out.writeLong(eventTime);
            out.writeLong(windowStart);
            out.writeBoolean(inReference);
            out.writeBoolean(label != null);
            if (label != null) {
                out.writeUTF(label);
            }
            out.writeDouble(score);
            out.writeShort(probabilities == null ? -1 : probabilities.size());
            if (probabilities != null) {
                for (Map.Entry<String, Double> p : probabilities.entrySet()) {
                    out.writeUTF(p.getKey());
                    out.writeDouble(p.getValue());
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PendingPrediction fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown pending prediction format " + format + ", expected " + FORMAT);
            }
            String version = in.readUTF();
            Variant variant = Variant.values()[in.readByte()];
            long eventTime = in.readLong();
            long windowStart = in.readLong();
            boolean inReference = in.readBoolean();
            String label = in.readBoolean() ? in.readUTF() : null;
            double score = in.readDouble();
            int classes = in.readShort();
            Map<String, Double> probabilities = classes < 0 ? null : new LinkedHashMap<>();
            for (int i = 0; i < classes; i++) {
                probabilities.put(in.readUTF(), in.readDouble());
            }
            return new PendingPrediction(version, variant, eventTime, windowStart, label, score, probabilities, inReference);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
