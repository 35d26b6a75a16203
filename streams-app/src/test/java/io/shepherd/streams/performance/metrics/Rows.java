package io.shepherd.streams.performance.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded labelled predictions of a classifier, and the metrics computed from them by brute force. */
final class Rows {

    record Row(String predicted, String truth, Map<String, Double> probabilities, Double score) {
    }

    private Rows() {
    }

    /**
     * A classifier over the given classes that is right with probability {@code skill}; its probabilities put a
     * random top probability on the predicted class and share the rest evenly.
     */
    static List<Row> classifier(long seed, int n, double skill, String... classes) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String truth = classes[random.nextInt(classes.length)];
            String predicted = random.nextDouble() < skill ? truth : classes[random.nextInt(classes.length)];
            double top = 1.0 / classes.length + random.nextDouble() * (1 - 1.0 / classes.length);
            Map<String, Double> p = new LinkedHashMap<>();
            for (String c : classes) {
                p.put(c, c.equals(predicted) ? top : (1 - top) / (classes.length - 1));
            }
            rows.add(new Row(predicted, truth, p, null));
        }
        return rows;
    }

    /** A binary scorer: scores of positives ~ N(shift, 1), negatives ~ N(0, 1); predicted positive above shift / 2. */
    static List<Row> binary(long seed, int n, double shift, String negative, String positive) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean isPositive = random.nextBoolean();
            double score = (isPositive ? shift : 0) + random.nextGaussian();
            rows.add(new Row(score > shift / 2 ? positive : negative, isPositive ? positive : negative, null, score));
        }
        return rows;
    }

    static ClassificationTally tallyOf(List<Row> rows) {
        return tallyOf(ClassificationTally.empty(), rows);
    }

    static ClassificationTally tallyOf(ClassificationTally tally, List<Row> rows) {
        rows.forEach(r -> tally.add(r.predicted(), r.truth(), r.probabilities(), r.score()));
        return tally;
    }

    static long count(List<Row> rows, java.util.function.Predicate<Row> p) {
        return rows.stream().filter(p).count();
    }

    static double f1(List<Row> rows, String c) {
        long tp = count(rows, r -> r.truth().equals(c) && r.predicted().equals(c));
        long fp = count(rows, r -> !r.truth().equals(c) && r.predicted().equals(c));
        long fn = count(rows, r -> r.truth().equals(c) && !r.predicted().equals(c));
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Exact AUC by comparing every positive score with every negative one, ties counting half. */
    static double exactAuc(List<Row> rows, String positive) {
        double[] pos = rows.stream().filter(r -> r.truth().equals(positive)).mapToDouble(Row::score).toArray();
        double[] neg = rows.stream().filter(r -> !r.truth().equals(positive)).mapToDouble(Row::score).toArray();
        double wins = 0;
        for (double p : pos) {
            for (double q : neg) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        return wins / ((double) pos.length * neg.length);
    }

    static Metric metric(List<Metric> metrics, String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    }
}
