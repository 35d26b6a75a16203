package io.shepherd.streams.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import io.shepherd.streams.drift.stats.CategorySketch;
import io.shepherd.streams.drift.stats.ExactScores;
import io.shepherd.streams.drift.stats.NumericDrift;
import io.shepherd.streams.drift.stats.NumericScores;
import io.shepherd.streams.drift.stats.NumericSketch;

/**
 * Accuracy of the digest-based numeric drift scores against the exact scores of the full sorted samples: for each
 * distribution and size, a reference sample against a shifted and an unshifted current sample of the same size.
 * Exact KS merges the sorted samples (right-continuous ECDFs); exact PSI cuts the same kind of bins at the exact
 * reference quantiles (sorted[ceil(i·n/k) - 1]) and counts values at or below each edge, with the same smoothing;
 * exact W1 pairs the order statistics. Targets: KS |err| &lt;= 0.01, PSI |err| &lt;= 0.01, W relative error &lt;= 2 %.
 * Seeds are fixed, so the table is reproducible.
 */
public final class DriftAccuracyBenchmark {

    static final String COMMAND = "mvn -q -B test-compile -pl streams-app"
            + " && mvn -q -B dependency:build-classpath -pl streams-app -Dmdep.outputFile=/tmp/streams-cp.txt"
            + " && java -cp streams-app/target/test-classes:streams-app/target/classes:$(cat /tmp/streams-cp.txt)"
            + " io.shepherd.streams.bench.DriftAccuracyBenchmark";
    static final int[] SIZES = {10_000, 100_000, 1_000_000};
    static final int PSI_BINS = NumericDrift.DEFAULT_PSI_BINS;
    static final double EPSILON = 1e-4;
    static final double KS_TARGET = 0.01;
    static final double PSI_TARGET = 0.01;
    static final double W_TARGET = 0.02;

    /** A distribution: its name, a sampler and the shift of the drifted sample (half its robust scale). */
    record Distribution(String name, ToDoubleFunction<SplittableRandom> sampler, double shift) {
    }

    /** @param psiSecondReference exact PSI of the same current sample against an independent reference sample */
    record Row(String distribution, int n, String current, Exact exact, NumericScores digest, double rankError,
               long bytes, double scoreMillis, double psiSecondReference) {

        double ksError() {
            return Math.abs(digest.ks() - exact.ks);
        }

        double psiError() {
            return Math.abs(digest.psi() - exact.psi);
        }

        double wRelativeError() {
            return Math.abs(digest.wasserstein() - exact.w) / exact.w;
        }

        boolean passes() {
            return ksError() <= KS_TARGET && psiError() <= PSI_TARGET && wRelativeError() <= W_TARGET;
        }
    }

    record Exact(double ks, double psi, double w) {
    }

    /** t-digest compression of the sketches: the first argument, else the sketches' default. */
    static double compression = NumericSketch.DEFAULT_COMPRESSION;

    public static void main(String[] args) {
        long start = System.nanoTime();
        if (args.length > 0) {
            compression = Double.parseDouble(args[0]);
        }
        System.out.println("Command: " + COMMAND + (args.length > 0 ? " " + args[0] : ""));
        System.out.printf(Locale.ROOT, "t-digest compression %.0f; seeds 1..%d (SplittableRandom)%n%n",
                compression, distributions().size() * SIZES.length * 3);
        List<Row> rows = new ArrayList<>();
        long seed = 1;
        for (Distribution distribution : distributions()) {
            for (int n : SIZES) {
                double[] reference = sample(distribution, n, seed++, 0);
                double[] secondReference = sample(distribution, n, 1000 + seed, 0);
                rows.add(measure(distribution, n, "shifted", reference, sample(distribution, n, seed++, distribution.shift()), secondReference));
                rows.add(measure(distribution, n, "unshifted", reference, sample(distribution, n, seed++, 0), secondReference));
            }
        }
        printTable(rows);
        printPsiSpread(rows);
        printSizes(rows);
        System.out.printf(Locale.ROOT, "%nTotal time: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    static List<Distribution> distributions() {
        return List.of(
                new Distribution("normal(0,1)", r -> gaussian(r), 0.5),
                new Distribution("log-normal(0,1)", r -> Math.exp(gaussian(r)), 0.5 * 0.98),
                new Distribution("bimodal .5N(-2,1)+.5N(2,.5)",
                        r -> r.nextBoolean() ? -2 + gaussian(r) : 2 + 0.5 * gaussian(r), 0.5 * 2.9),
                new Distribution("student-t(2)", r -> gaussian(r) / Math.sqrt(-Math.log(1 - r.nextDouble())), 0.5 * 1.21));
    }

    static double[] sample(Distribution distribution, int n, long seed, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = distribution.sampler().applyAsDouble(random) + shift;
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static Row measure(Distribution distribution, int n, String current, double[] reference, double[] currentValues,
                       double[] secondReference) {
        NumericSketch referenceSketch = sketchOf(reference);
        NumericSketch currentSketch = sketchOf(currentValues);
        long t0 = System.nanoTime();
        NumericScores digest = NumericDrift.compare(referenceSketch, currentSketch);
        double scoreMillis = (System.nanoTime() - t0) / 1e6;
        double[] ref = reference.clone();
        double[] cur = currentValues.clone();
        Arrays.sort(ref);
        Arrays.sort(cur);
        Exact exact = new Exact(ExactScores.ks(ref, cur), ExactScores.psi(ref, cur, PSI_BINS, EPSILON),
                ExactScores.w1(ref, cur) / standardDeviation(ref));
        double rankError = Math.max(rankError(referenceSketch, ref), rankError(currentSketch, cur));
        double[] ref2 = secondReference.clone();
        Arrays.sort(ref2);
        return new Row(distribution.name(), n, current, exact, digest, rankError, referenceSketch.sizeInBytes(),
                scoreMillis, ExactScores.psi(ref2, cur, PSI_BINS, EPSILON));
    }

    static NumericSketch sketchOf(double[] values) {
        NumericSketch sketch = new NumericSketch(compression);
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    /** Largest |digest CDF - ECDF| over 2001 evenly ranked sample values. */
    static double rankError(NumericSketch sketch, double[] sorted) {
        double max = 0;
        for (int i = 0; i <= 2000; i++) {
            double x = sorted[(int) Math.min(sorted.length - 1, (long) i * sorted.length / 2000)];
            max = Math.max(max, Math.abs(sketch.cdf(x) - ExactScores.atOrBelow(sorted, x) / (double) sorted.length));
        }
        return max;
    }

    /** Population standard deviation, two-pass, as the sketch's (Welford) estimates it. */
    static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).sum() / values.length;
        double m2 = 0;
        for (double v : values) {
            m2 += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(m2 / values.length);
        return sd > 0 ? sd : 1;
    }

    static void printTable(List<Row> rows) {
        System.out.println("| distribution | n | current | KS exact | KS abs err | PSI exact | PSI abs err | W exact (sd) "
                + "| W rel err | W abs err | max rank err | result |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        int pass = 0;
        for (Row row : rows) {
            pass += row.passes() ? 1 : 0;
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f %% | %.4f | %.4f | %s |%n",
                    row.distribution(), row.n(), row.current(), row.exact().ks(), row.ksError(), row.exact().psi(),
                    row.psiError(), row.exact().w(), 100 * row.wRelativeError(),
                    Math.abs(row.digest().wasserstein() - row.exact().w()), row.rankError(), verdict(row));
        }
        System.out.printf(Locale.ROOT, "%nTargets: KS abs err <= %.2f, PSI abs err <= %.2f, W rel err <= %.0f %%. "
                + "Rows meeting all three: %d of %d.%n", KS_TARGET, PSI_TARGET, 100 * W_TARGET, pass, rows.size());
    }

    private static String verdict(Row row) {
        if (row.passes()) {
            return "PASS";
        }
        List<String> failed = new ArrayList<>();
        if (row.ksError() > KS_TARGET) {
            failed.add("KS");
        }
        if (row.psiError() > PSI_TARGET) {
            failed.add("PSI");
        }
        if (row.wRelativeError() > W_TARGET) {
            failed.add("W");
        }
        return "FAIL (" + String.join(", ", failed) + ")";
    }

    /** How much the exact PSI itself moves with the reference sample: the yardstick for the digest's PSI error. */
    static void printPsiSpread(List<Row> rows) {
        System.out.println();
        System.out.println("| distribution | n | current | PSI exact | PSI exact, 2nd reference sample | difference | PSI digest abs err |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        for (Row row : rows) {
            if (row.current().equals("shifted")) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %s | %.4f | %.4f | %.4f | %.4f |%n", row.distribution(),
                        row.n(), row.current(), row.exact().psi(), row.psiSecondReference(),
                        Math.abs(row.psiSecondReference() - row.exact().psi()), row.psiError());
            }
        }
    }

    static void printSizes(List<Row> rows) {
        System.out.println();
        System.out.println("| sketch | n | bytes (sizeInBytes) | compare() time |");
        System.out.println("|---|---:|---:|---:|");
        for (Row row : rows) {
            if (row.current().equals("shifted")) {
                System.out.printf(Locale.ROOT, "| NumericSketch, %s | %,d | %,d | %.2f ms |%n",
                        row.distribution(), row.n(), row.bytes(), row.scoreMillis());
            }
        }
        CategorySketch categories = new CategorySketch();
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 100_000; i++) {
            categories.add(String.format(Locale.ROOT, "category-%03d", random.nextInt(250)));
        }
        System.out.printf(Locale.ROOT, "| CategorySketch, 200 named categories of 12 chars + __other__ | %,d | %,d | |%n",
                categories.count(), categories.sizeInBytes());
    }
}
