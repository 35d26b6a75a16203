package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

import io.shepherd.streams.challenger.stats.Superiority;
import io.shepherd.streams.drift.stats.SketchFormat;
import io.shepherd.streams.drift.stats.NumericSketch;

/**
 * A digest of the positive-class scores per true class, for the ROC AUC of a binary classifier. Holds at most two
 * classes: a score given for a third true class means the model is not binary, and no AUC is computed.
 */
final class BinaryScores {

    private final Map<String, NumericSketch> byTruth = new TreeMap<>();
    private boolean notBinary;

    void add(String truth, double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("a positive-class score must be finite, got " + score);
        }
        NumericSketch sketch = sketchOf(truth);
        if (sketch != null) {
            sketch.add(score);
        }
    }

    void merge(BinaryScores other) {
        notBinary |= other.notBinary;
        other.byTruth.forEach((truth, scores) -> {
            NumericSketch sketch = sketchOf(truth);
            if (sketch != null) {
                sketch.merge(scores);
            }
        });
    }

    private NumericSketch sketchOf(String truth) {
        if (notBinary) {
            return null;
        }
        NumericSketch sketch = byTruth.get(truth);
        if (sketch == null && byTruth.size() == 2) {
            notBinary = true;
            byTruth.clear();
            return null;
        }
        return byTruth.computeIfAbsent(truth, k -> new NumericSketch().writtenOften());
    }

    /**
     * The AUC, P(score of a positive &gt; score of a negative) + ½ P(tie), when scores were given for exactly the two
     * classes of a binary model. Positive is the declared label, or else the greater of the two labels (as scikit-learn
     * takes it: "1" over "0", "true" over "false", "yes" over "no").
     *
     * @return the AUC and the two counts (positives, negatives), or null when there is none
     */
    double[] auc(String positiveLabel) {
        if (notBinary || byTruth.size() != 2) {
            return null;
        }
        String[] labels = byTruth.keySet().toArray(String[]::new);
        String positive = positiveLabel != null ? positiveLabel : labels[1];
        if (!byTruth.containsKey(positive)) {
            return null;
        }
        String negative = positive.equals(labels[0]) ? labels[1] : labels[0];
        NumericSketch pos = byTruth.get(positive);
        NumericSketch neg = byTruth.get(negative);
        return new double[] {Superiority.of(neg, pos), pos.count(), neg.count()};
    }

    int sizeInBytes() {
        int size = 1 + 4;
        for (Map.Entry<String, NumericSketch> e : byTruth.entrySet()) {
            size += SketchFormat.blockSize(SketchFormat.utf8(e.getKey())) + 4 + (int) e.getValue().sizeInBytes();
        }
        return size;
    }

    /** byte not-binary flag, int number of classes, then per class (sorted) a UTF-8 block and a sketch block. */
    void write(ByteBuffer buf) {
        buf.put((byte) (notBinary ? 1 : 0)).putInt(byTruth.size());
        byTruth.forEach((truth, sketch) -> {
            SketchFormat.putBlock(buf, SketchFormat.utf8(truth));
            SketchFormat.putBlock(buf, sketch.toBytes());
        });
    }

    static BinaryScores read(ByteBuffer buf, String type) {
        BinaryScores scores = new BinaryScores();
        byte flag = buf.get();
        int n = buf.getInt();
        SketchFormat.require((flag == 0 && n >= 0 && n <= 2) || (flag == 1 && n == 0), type,
                "score digests: flag " + flag + ", " + n + " classes");
        scores.notBinary = flag == 1;
        for (int i = 0; i < n; i++) {
            String truth = SketchFormat.getString(buf);
            SketchFormat.require(scores.byTruth.put(truth, NumericSketch.fromBytes(SketchFormat.getBlock(buf)).writtenOften()) == null,
                    type, "duplicate class " + truth);
        }
        return scores;
    }
}
