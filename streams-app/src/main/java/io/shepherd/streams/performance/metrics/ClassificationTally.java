package io.shepherd.streams.performance.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.streams.challenger.stats.RunningMoments;
import io.shepherd.streams.drift.stats.SketchFormat;
import io.shepherd.streams.drift.stats.CategorySketch;

/**
 * The labelled predictions of a classifier in one window, as far as its performance metrics need them: a sparse
 * confusion matrix of at most {@code maxClasses} named classes (further labels count as {@value #OTHER}), the log loss
 * of the rows with probabilities, calibration bins of the top-class probability, and for a binary model digests of the
 * positive-class scores per true class. Mutable and mergeable; a merge equals adding every row to one tally whenever
 * the union of named classes fits.
 *
 * <p>Accuracy counts a row right when its predicted label equals its true label, before any label is mapped to
 * {@value #OTHER}; the per-class metrics of {@value #OTHER} lump its labels together.
 */
public final class ClassificationTally {

    public static final int DEFAULT_MAX_CLASSES = 100;
    public static final String OTHER = CategorySketch.OTHER;
    /** Probabilities are clipped to [ε, 1 - ε] before the log, so a confident miss costs ln(1/ε) ≈ 34.5, not ∞. */
    public static final double PROBABILITY_CLIP = 1e-15;
    static final byte FORMAT_VERSION = 1;
    private static final String TYPE = "ClassificationTally";

    private final String positiveLabel;
    private final ConfusionCounts confusion;
    private long count;
    private long correct;
    private RunningMoments logLoss = new RunningMoments();
    private CalibrationBins calibration = new CalibrationBins();
    private BinaryScores scores = new BinaryScores();

    private ClassificationTally(ConfusionCounts confusion, String positiveLabel) {
        this.confusion = confusion;
        this.positiveLabel = positiveLabel;
    }

    public static ClassificationTally empty() {
        return empty(DEFAULT_MAX_CLASSES, null);
    }

    /**
     * @param maxClasses    named classes tracked, in [2, 10000]
     * @param positiveLabel the positive class of a binary model, whose scores {@link #add} receives; null for the
     *                      greater of the two labels
     */
    public static ClassificationTally empty(int maxClasses, String positiveLabel) {
        return new ClassificationTally(new ConfusionCounts(maxClasses), positiveLabel);
    }

    /**
     * Counts one labelled prediction.
     *
     * @param probabilities per class, nullable: feeds the log loss (the true label's probability, 0 when absent) and the
     *                      calibration error (the top class, ties broken by the smaller label)
     * @param positiveScore the positive-class score of a binary model, nullable: feeds the ROC AUC
     * @throws IllegalArgumentException on a null label, an empty map, or a probability or score that is not finite
     */
    public void add(String predictedLabel, String trueLabel, Map<String, Double> probabilities, Double positiveScore) {
        if (predictedLabel == null || trueLabel == null) {
            throw new IllegalArgumentException("a labelled prediction needs both labels, got predicted="
                    + predictedLabel + " true=" + trueLabel);
        }
        if (probabilities != null) {
            addProbabilities(trueLabel, probabilities);
        }
        if (positiveScore != null) {
            scores.add(trueLabel, positiveScore);
        }
        confusion.add(predictedLabel, trueLabel, 1);
        count++;
        if (predictedLabel.equals(trueLabel)) {
            correct++;
        }
    }

    private void addProbabilities(String trueLabel, Map<String, Double> probabilities) {
        String top = null;
        double topP = -1;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            double p = e.getValue() == null ? Double.NaN : e.getValue();
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability of " + e.getKey() + " must be in [0, 1], got " + p);
            }
            if (p > topP || (p == topP && e.getKey().compareTo(top) < 0)) {
                top = e.getKey();
                topP = p;
            }
        }
        if (top == null) {
            throw new IllegalArgumentException("probabilities given but empty");
        }
        double pTrue = probabilities.getOrDefault(trueLabel, 0.0);
        logLoss.add(-Math.log(Math.min(1 - PROBABILITY_CLIP, Math.max(PROBABILITY_CLIP, pTrue))));
        calibration.add(topP, top.equals(trueLabel));
    }

    /** Adds everything the other tally has seen; the other is left as it was. */
    public void merge(ClassificationTally other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a tally into itself");
        }
        confusion.merge(other.confusion);
        count += other.count;
        correct += other.correct;
        logLoss.merge(other.logLoss);
        calibration.merge(other.calibration);
        scores.merge(other.scores);
    }

    public long count() {
        return count;
    }

    public long correct() {
        return correct;
    }

    /** Rows that came with probabilities. */
    public long withProbabilities() {
        return logLoss.count();
    }

    /**
     * The metrics, none when the tally is empty: accuracy (Wilson interval); macro_f1 (delta method over the confusion
     * counts as a multinomial, see {@link ConfusionCounts#f1Variance}; the interval collapses when every class's F1 is
     * 0 or 1); per class, sorted by label, precision.&lt;c&gt; and recall.&lt;c&gt; (Wilson, left out when the class
     * was never predicted, respectively never true) and f1.&lt;c&gt; (Wilson score interval on TP successes out of
     * TP + (FP + FN)/2 trials, F1 being that proportion); log_loss (normal interval from the per-row losses) and ece
     * (no interval, lower is better) when probabilities were given; roc_auc (Hanley-McNeil interval) for a binary
     * model with positive-class scores for both classes.
     */
    public List<Metric> metrics(double confidence) {
        Intervals.z(confidence);
        List<Metric> metrics = new ArrayList<>();
        if (count == 0) {
            return metrics;
        }
        metrics.add(Intervals.wilson("accuracy", correct, count, confidence));
        Map<String, ConfusionCounts.ClassCounts> classes = confusion.byClass();
        metrics.add(macroF1(classes, confidence));
        classes.forEach((c, counts) -> addPerClass(metrics, c, counts, confidence));
        if (logLoss.count() > 0) {
            metrics.add(Intervals.normal("log_loss", logLoss.mean(), logLoss.standardError(), confidence, 0,
                    Double.POSITIVE_INFINITY, "normal", false));
        }
        double[] auc = scores.auc(positiveLabel);
        if (auc != null && classes.size() == 2) {
            metrics.add(RocAuc.withInterval(auc[0], (long) auc[1], (long) auc[2], confidence));
        }
        if (calibration.total() > 0) {
            metrics.add(Metric.point("ece", calibration.expectedCalibrationError(), false));
        }
        return metrics;
    }

    private Metric macroF1(Map<String, ConfusionCounts.ClassCounts> classes, double confidence) {
        Map<String, Double> weights = new HashMap<>();
        double sum = 0;
        for (Map.Entry<String, ConfusionCounts.ClassCounts> e : classes.entrySet()) {
            weights.put(e.getKey(), 1.0 / classes.size());
            sum += e.getValue().f1();
        }
        double se = Math.sqrt(confusion.f1Variance(weights, classes));
        return Intervals.normal("macro_f1", sum / classes.size(), se, confidence, 0, 1, "delta", true);
    }

    private static void addPerClass(List<Metric> metrics, String c, ConfusionCounts.ClassCounts counts,
            double confidence) {
        if (counts.predicted() > 0) {
            metrics.add(Intervals.wilson("precision." + c, counts.truePositives(), counts.predicted(), confidence));
        }
        if (counts.actual() > 0) {
            metrics.add(Intervals.wilson("recall." + c, counts.truePositives(), counts.actual(), confidence));
        }
        metrics.add(Intervals.wilson("f1." + c, counts.truePositives(), counts.truePositives() + counts.errors() / 2.0,
                confidence));
    }

    /**
     * Version 1: version byte, positive label as a UTF-8 block (length -1 for none), the confusion counts
     * ({@link ConfusionCounts#write}), long count, long correct, the log-loss moments as a block, the calibration bins,
     * the score digests ({@link BinaryScores#write}). Big-endian.
     */
    public byte[] toBytes() {
        byte[] positive = positiveLabel == null ? null : SketchFormat.utf8(positiveLabel);
        byte[] loss = logLoss.toBytes();
        int size = 1 + (positive == null ? 4 : SketchFormat.blockSize(positive)) + confusion.sizeInBytes() + 8 + 8
                + SketchFormat.blockSize(loss) + CalibrationBins.BYTES + scores.sizeInBytes();
        ByteBuffer buf = ByteBuffer.allocate(size).put(FORMAT_VERSION);
        if (positive == null) {
            buf.putInt(-1);
        } else {
            SketchFormat.putBlock(buf, positive);
        }
        confusion.write(buf);
        buf.putLong(count).putLong(correct);
        SketchFormat.putBlock(buf, loss);
        calibration.write(buf);
        scores.write(buf);
        return buf.array();
    }

    /** @throws IllegalArgumentException on an unknown format version, truncated or corrupt bytes */
    public static ClassificationTally fromBytes(byte[] bytes) {
        return SketchFormat.read(TYPE, FORMAT_VERSION, bytes, ClassificationTally::read);
    }

    private static ClassificationTally read(ByteBuffer buf) {
        String positive = null;
        buf.mark();
        if (buf.getInt() != -1) {
            buf.reset();
            positive = SketchFormat.getString(buf);
        }
        ConfusionCounts confusion = ConfusionCounts.read(buf);
        ClassificationTally tally = new ClassificationTally(confusion, positive);
        tally.count = buf.getLong();
        tally.correct = buf.getLong();
        SketchFormat.require(tally.count >= 0 && tally.correct >= 0 && tally.correct <= tally.count, TYPE,
                "count " + tally.count + ", correct " + tally.correct);
        tally.logLoss = RunningMoments.fromBytes(SketchFormat.getBlock(buf));
        tally.calibration = CalibrationBins.read(buf, TYPE);
        tally.scores = BinaryScores.read(buf, TYPE);
        return tally;
    }
}
