package io.shepherd.streams.performance;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import io.shepherd.events.ModelTask;
import io.shepherd.events.Variant;
import io.shepherd.streams.challenger.stats.RunningMoments;
import io.shepherd.streams.drift.stats.NumericSketch;
import io.shepherd.streams.performance.metrics.ClassificationTally;
import io.shepherd.streams.performance.metrics.ConfidenceTally;
import io.shepherd.streams.performance.metrics.RegressionTally;
import io.shepherd.streams.state.Codec;

/**
 * Everything measured for one model version in one tumbling window of prediction time: predictions served, labels
 * joined so far, the metric tallies, the label-free confidence tally, and what was already published. Also used for
 * a version's baseline (its reference window). Mutable, live in a store.
 */
final class PerformanceWindow {

    private static final byte FORMAT = 1;
    /** Format, variant, task, predictions, labelled, revision, published, three flags. */
    private static final int HEADER_BYTES = 3 + 2 * Long.BYTES + Integer.BYTES + Long.BYTES + 3;

    final Variant variant;
    ModelTask task;
    long predictions;
    long labelled;
    int revision;
    long publishedLabelled = -1;
    boolean voted;
    boolean estimated;
    boolean challengerVoted;
    final ClassificationTally classification;
    final RegressionTally regression;
    final ConfidenceTally confidence;
    /** Latency of the window's predictions and their scores: what a challenger is compared on besides accuracy. */
    final RunningMoments latency;
    final NumericSketch scores;
    /*
     * Each tally's bytes as last encoded, until it changes: a window is written at every prediction and every label,
     * and a prediction leaves the label tallies as they were (a label the prediction-time ones).
     */
    private byte[] classificationBytes;
    private byte[] regressionBytes;
    private byte[] confidenceBytes;
    private byte[] latencyBytes;

    PerformanceWindow(Variant variant) {
        this(variant, ModelTask.CLASSIFICATION, ClassificationTally.empty(), RegressionTally.empty(), ConfidenceTally.empty(),
                new RunningMoments(), new NumericSketch().writtenOften());
    }

    private PerformanceWindow(Variant variant, ModelTask task, ClassificationTally classification, RegressionTally regression,
                              ConfidenceTally confidence, RunningMoments latency, NumericSketch scores) {
        this.variant = variant;
        this.task = task;
        this.classification = classification;
        this.regression = regression;
        this.confidence = confidence;
        this.latency = latency;
        this.scores = scores;
    }

    void served(PendingPrediction p, double latencyMs) {
        predictions++;
        task = p.label() == null ? ModelTask.REGRESSION : ModelTask.CLASSIFICATION;
        latency.add(latencyMs);
        latencyBytes = null;
        if (Double.isFinite(p.score())) {
            scores.add(p.score());
        }
        if (p.probabilities() != null && !p.probabilities().isEmpty()) {
            confidence.add(p.probabilities());
            confidenceBytes = null;
        }
    }

    /** Counts a joined label; false when its type does not fit the prediction (a class for a regressor, or back). */
    boolean labelled(PendingPrediction p, Object truth) {
        if (p.label() != null && truth instanceof CharSequence trueLabel) {
            classification.add(p.label(), trueLabel.toString(), p.probabilities(), Double.isFinite(p.score()) ? p.score() : null);
            classificationBytes = null;
        } else if (p.label() == null && truth instanceof Double value && Double.isFinite(value) && Double.isFinite(p.score())) {
            regression.add(p.score(), value);
            regressionBytes = null;
        } else {
            return false;
        }
        labelled++;
        return true;
    }

    long correct() {
        return classification.correct();
    }

    private static byte flag(boolean value) {
        return (byte) (value ? 1 : 0);
    }

    static final Codec<PerformanceWindow> CODEC = new Codec<>() {
        @Override
        public byte[] encode(PerformanceWindow w) {
            if (w.classificationBytes == null) {
                w.classificationBytes = w.classification.toBytes();
            }
            if (w.regressionBytes == null) {
                w.regressionBytes = w.regression.toBytes();
            }
            if (w.confidenceBytes == null) {
                w.confidenceBytes = w.confidence.toBytes();
            }
            if (w.latencyBytes == null) {
                w.latencyBytes = w.latency.toBytes();
            }
            byte[][] parts = {w.classificationBytes, w.regressionBytes, w.confidenceBytes, w.latencyBytes, w.scores.toBytes()};
            int size = HEADER_BYTES;
            for (byte[] part : parts) {
                size += Integer.BYTES + part.length;
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(FORMAT).put((byte) w.variant.ordinal()).put((byte) w.task.ordinal()).putLong(w.predictions).putLong(w.labelled)
                    .putInt(w.revision).putLong(w.publishedLabelled).put(flag(w.voted)).put(flag(w.estimated)).put(flag(w.challengerVoted));
            for (byte[] part : parts) {
                out.putInt(part.length).put(part);
            }
            return out.array();
        }

        @Override
        public PerformanceWindow decode(byte[] bytes) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IllegalArgumentException("unknown performance window format " + format + ", expected " + FORMAT);
                }
                Variant variant = Variant.values()[in.readByte()];
                ModelTask task = ModelTask.values()[in.readByte()];
                long predictions = in.readLong();
                long labelled = in.readLong();
                int revision = in.readInt();
                long published = in.readLong();
                boolean voted = in.readBoolean();
                boolean estimated = in.readBoolean();
                boolean challengerVoted = in.readBoolean();
                PerformanceWindow w = new PerformanceWindow(variant, task, ClassificationTally.fromBytes(part(in)),
                        RegressionTally.fromBytes(part(in)), ConfidenceTally.fromBytes(part(in)), RunningMoments.fromBytes(part(in)),
                        NumericSketch.fromBytes(part(in)).writtenOften());
                w.predictions = predictions;
                w.labelled = labelled;
                w.revision = revision;
                w.publishedLabelled = published;
                w.voted = voted;
                w.estimated = estimated;
                w.challengerVoted = challengerVoted;
                return w;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private byte[] part(DataInputStream in) throws IOException {
            byte[] part = new byte[in.readInt()];
            in.readFully(part);
            return part;
        }
    };
}
