package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.shepherd.streams.drift.stats.SketchFormat;

/**
 * Counts of (true label, predicted label) pairs, for at most {@code maxClasses} named classes in order of first
 * appearance; any further label is counted as {@value ClassificationTally#OTHER}. Sparse: only pairs seen are kept.
 */
final class ConfusionCounts {

    private static final String TYPE = "ClassificationTally";
    private static final int OTHER_INDEX = -1;

    private final int maxClasses;
    private final Set<String> named = new LinkedHashSet<>();
    /** truth, then predicted label, to count. */
    private final Map<String, Map<String, long[]>> cells = new HashMap<>();

    /** The counts of one class, as F1 and its interval need them. */
    record ClassCounts(long truePositives, long actual, long predicted) {

        /** False positives plus false negatives. */
        long errors() {
            return actual + predicted - 2 * truePositives;
        }

        /** F1 = 2TP / (2TP + FP + FN); defined for every class seen, as it was either true or predicted once. */
        double f1() {
            return 2.0 * truePositives / (2.0 * truePositives + errors());
        }
    }

    ConfusionCounts(int maxClasses) {
        if (maxClasses < 2 || maxClasses > 10_000) {
            throw new IllegalArgumentException("maxClasses must be in [2, 10000], got " + maxClasses);
        }
        this.maxClasses = maxClasses;
    }

    void add(String predicted, String truth, long n) {
        String t = classOf(truth);
        String p = classOf(predicted);
        cells.computeIfAbsent(t, k -> new HashMap<>()).computeIfAbsent(p, k -> new long[1])[0] += n;
    }

    private String classOf(String label) {
        if (named.contains(label)) {
            return label;
        }
        if (named.size() < maxClasses && !ClassificationTally.OTHER.equals(label)) {
            named.add(label);
            return label;
        }
        return ClassificationTally.OTHER;
    }

    /** Adds the other's counts in label order: exact whenever the union of named classes fits. */
    void merge(ConfusionCounts other) {
        new TreeMap<>(other.cells).forEach((truth, row) ->
                new TreeMap<>(row).forEach((predicted, n) -> add(predicted, truth, n[0])));
    }

    /** Per class seen (named or {@value ClassificationTally#OTHER}), sorted by label. */
    Map<String, ClassCounts> byClass() {
        Map<String, long[]> sums = new TreeMap<>();
        cells.forEach((truth, row) -> row.forEach((predicted, n) -> {
            sums.computeIfAbsent(truth, k -> new long[3])[1] += n[0];
            sums.computeIfAbsent(predicted, k -> new long[3])[2] += n[0];
            if (truth.equals(predicted)) {
                sums.get(truth)[0] += n[0];
            }
        }));
        Map<String, ClassCounts> result = new TreeMap<>();
        sums.forEach((c, s) -> result.put(c, new ClassCounts(s[0], s[1], s[2])));
        return result;
    }

    /**
     * Delta-method variance of a weighted sum of per-class F1 scores, the counts being multinomial: Σ n_ij·d_ij² over
     * the cells, d_ij the derivative of the sum by the count of cell (i, j). (The mean term of the multinomial
     * covariance vanishes: F1 does not change when every count is scaled, so Σ n_ij·d_ij = 0.)
     */
    double f1Variance(Map<String, Double> weights, Map<String, ClassCounts> classes) {
        double variance = 0;
        for (Map.Entry<String, Map<String, long[]>> row : cells.entrySet()) {
            String truth = row.getKey();
            for (Map.Entry<String, long[]> cell : row.getValue().entrySet()) {
                String predicted = cell.getKey();
                double d = truth.equals(predicted)
                        ? weight(weights, truth) * byTruePositive(classes.get(truth))
                        : -weight(weights, truth) * byError(classes.get(truth))
                                - weight(weights, predicted) * byError(classes.get(predicted));
                variance += cell.getValue()[0] * d * d;
            }
        }
        return variance;
    }

    private static double weight(Map<String, Double> weights, String c) {
        return weights.getOrDefault(c, 0.0);
    }

    /** ∂F1/∂TP = 2e / (2TP + e)², e = FP + FN. */
    private static double byTruePositive(ClassCounts c) {
        double d = 2.0 * c.truePositives() + c.errors();
        return 2.0 * c.errors() / (d * d);
    }

    /** ∂F1/∂e = -2TP / (2TP + e)², given here without the sign. */
    private static double byError(ClassCounts c) {
        double d = 2.0 * c.truePositives() + c.errors();
        return 2.0 * c.truePositives() / (d * d);
    }

    int sizeInBytes() {
        int size = 4 + 4;
        for (String c : named) {
            size += SketchFormat.blockSize(SketchFormat.utf8(c));
        }
        size += 4;
        for (Map<String, long[]> row : cells.values()) {
            size += row.size() * (4 + 4 + 8);
        }
        return size;
    }

    /**
     * int maxClasses, int number of named classes, each as a UTF-8 block in order of admission, int number of cells,
     * then each cell as int truth index, int predicted index (-1 for the overflow class) and long count, sorted.
     */
    void write(ByteBuffer buf) {
        buf.putInt(maxClasses).putInt(named.size());
        Map<String, Integer> index = new HashMap<>();
        for (String c : named) {
            index.put(c, index.size());
            SketchFormat.putBlock(buf, SketchFormat.utf8(c));
        }
        index.put(ClassificationTally.OTHER, OTHER_INDEX);
        List<long[]> sorted = new ArrayList<>();
        cells.forEach((truth, row) -> row.forEach((predicted, n) ->
                sorted.add(new long[] {index.get(truth), index.get(predicted), n[0]})));
        sorted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        buf.putInt(sorted.size());
        for (long[] cell : sorted) {
            buf.putInt((int) cell[0]).putInt((int) cell[1]).putLong(cell[2]);
        }
    }

    static ConfusionCounts read(ByteBuffer buf) {
        int maxClasses = buf.getInt();
        SketchFormat.require(maxClasses >= 2 && maxClasses <= 10_000, TYPE, "maxClasses " + maxClasses);
        ConfusionCounts counts = new ConfusionCounts(maxClasses);
        int n = buf.getInt();
        SketchFormat.require(n >= 0 && n <= maxClasses, TYPE, n + " classes, at most " + maxClasses);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String c = SketchFormat.getString(buf);
            SketchFormat.require(!ClassificationTally.OTHER.equals(c) && counts.named.add(c), TYPE, "class " + c);
            names.add(c);
        }
        int cellCount = buf.getInt();
        SketchFormat.require(cellCount >= 0 && cellCount <= (n + 1) * (n + 1), TYPE, cellCount + " cells");
        for (int i = 0; i < cellCount; i++) {
            String truth = nameAt(names, buf.getInt());
            String predicted = nameAt(names, buf.getInt());
            long count = buf.getLong();
            SketchFormat.require(count > 0, TYPE, "count " + count);
            counts.add(predicted, truth, count);
        }
        return counts;
    }

    private static String nameAt(List<String> names, int index) {
        SketchFormat.require(index >= OTHER_INDEX && index < names.size(), TYPE, "class index " + index);
        return index == OTHER_INDEX ? ClassificationTally.OTHER : names.get(index);
    }
}
