package io.shepherd.stack.topics;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * How many partitions the input topics need for a target load, from the streams app's measured rate per stream thread.
 *
 * <p>A partition of the input topics is one task's work, and a task runs on one stream thread at a time, so the
 * partitions bound how many stream threads (over all instances) can share the load. The sizing: the fewest stream
 * threads t such that records/s (three per request: prediction, features, outcome) fit in t x one thread's records/s
 * (with models/t model versions on each) x the target utilization; partitions = t, at least the contract's 4, rounded
 * up to a count that splits evenly over common instance counts (4, 6, then multiples of 12). The rate per thread is the growth benchmark's (BENCHMARKS.md, "How the cost grows",
 * {@code ops/system-bench/bench --only growth}): the streams app with one stream thread, exactly-once, on the benchmark
 * machine (2 cores shared with the broker), interpolated between the measured feature and model counts (log-log,
 * extrapolated beyond them with the slope of the last two), so it errs towards more partitions on a dedicated core.
 *
 * <p>Until one model's traffic is aggregated over several partitions, every event of a model is keyed by its id and
 * lands on one partition: more partitions spread many models, not one. {@link #hottestModelShare} says which share
 * of one thread the busiest model alone takes.
 *
 * @param requestsPerSecond  serving requests per second over all models, each a prediction, a feature event and a label
 * @param featuresPerRequest features per feature event
 * @param models             model versions watched (more of them on a thread cost more per record: more windows to score)
 * @param utilization        the share of a thread to plan for (0.5 leaves room for catch-up after an outage)
 */
public record PartitionSizing(double requestsPerSecond, int featuresPerRequest, int models, double utilization) {

    /** Records per request: a prediction, its features, its outcome. */
    static final int RECORDS_PER_REQUEST = 3;
    static final int MINIMUM = 4;

    /** One growth cell: the streams app's steady records/s on one stream thread. */
    record Measured(int features, int models, double recordsPerSecond) {
    }

    /**
     * The growth benchmark's cells (BENCHMARKS.md, "How the cost grows with features and models", the grid of
     * 2026-12-07: the streams app's steady records/s with one stream thread, exactly-once).
     */
    static final List<Measured> MEASURED = List.of(
            new Measured(10, 1, 60_250), new Measured(10, 10, 50_217), new Measured(10, 100, 38_136),
            new Measured(100, 1, 27_687), new Measured(100, 10, 18_659), new Measured(100, 100, 12_247),
            new Measured(1000, 1, 3_887), new Measured(1000, 10, 1_514), new Measured(1000, 100, 652));

    public PartitionSizing {
        require(requestsPerSecond > 0, "requests per second must be positive, got " + requestsPerSecond);
        require(featuresPerRequest >= 1, "features per request must be at least 1, got " + featuresPerRequest);
        require(models >= 1, "models must be at least 1, got " + models);
        require(utilization > 0 && utilization <= 1, "utilization must be in (0, 1], got " + utilization);
    }

    /** One stream thread's records/s with these features and {@code modelsPerThread} model versions on it. */
    public double recordsPerSecondPerThread(int modelsPerThread) {
        List<Integer> measuredModels = MEASURED.stream().map(Measured::models).distinct().sorted().toList();
        double[] x = measuredModels.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] y = measuredModels.stream().mapToDouble(m -> rateAt(featuresPerRequest, m)).toArray();
        return logLog(x, y, modelsPerThread);
    }

    /** The fewest stream threads that carry the load at the target utilization. */
    public int threads() {
        double records = requestsPerSecond * RECORDS_PER_REQUEST;
        for (int t = 1; ; t++) {
            if (records <= t * recordsPerSecondPerThread(modelsPerThread(t)) * utilization) {
                return t;
            }
        }
    }

    private int modelsPerThread(int threads) {
        return (models + threads - 1) / threads;
    }

    public int partitions() {
        return roundUp(Math.max(MINIMUM, threads()));
    }

    /**
     * The share of one stream thread that the busiest model alone takes, at {@code hottestRequestsPerSecond}: over 1
     * it cannot keep up however many partitions there are, since all its events are on one.
     */
    public double hottestModelShare(double hottestRequestsPerSecond) {
        return hottestRequestsPerSecond * RECORDS_PER_REQUEST / recordsPerSecondPerThread(1);
    }

    public String explain() {
        int threads = threads();
        return String.format(Locale.ROOT, "%,.0f requests/s x %d records = %,.0f records/s; one stream thread with %d of the %d models"
                        + " at %d features: %,.0f records/s (growth benchmark); at %.0f %% of each thread: %d stream threads -> %d partitions"
                        + " per topic; one model alone tops out at %,.0f requests/s (one partition)",
                requestsPerSecond, RECORDS_PER_REQUEST, requestsPerSecond * RECORDS_PER_REQUEST, modelsPerThread(threads), models,
                featuresPerRequest, recordsPerSecondPerThread(modelsPerThread(threads)), utilization * 100, threads, partitions(),
                recordsPerSecondPerThread(1) / RECORDS_PER_REQUEST);
    }

    /** 4, 6, 12, then the next multiple of 12: counts that split evenly over 2, 3, 4 and 6 instances. */
    static int roundUp(int partitions) {
        if (partitions <= 4) {
            return 4;
        }
        if (partitions <= 6) {
            return 6;
        }
        return (partitions + 11) / 12 * 12;
    }

    /** Records/s at {@code features} among the cells measured with {@code models} models. */
    private static double rateAt(int features, int models) {
        List<Measured> cells = MEASURED.stream().filter(m -> m.models() == models)
                .sorted(Comparator.comparingInt(Measured::features)).toList();
        return logLog(cells.stream().mapToDouble(Measured::features).toArray(),
                cells.stream().mapToDouble(Measured::recordsPerSecond).toArray(), features);
    }

    /**
     * y at x on the line through the neighbouring points in log-log scale (cost per record grows about as a power of
     * the feature and model counts), extrapolated with the slope of the nearest two points; xs ascending.
     */
    static double logLog(double[] xs, double[] ys, double x) {
        if (xs.length == 1) {
            return ys[0];
        }
        int i = 1;
        while (i < xs.length - 1 && x > xs[i]) {
            i++;
        }
        double slope = (Math.log(ys[i]) - Math.log(ys[i - 1])) / (Math.log(xs[i]) - Math.log(xs[i - 1]));
        return Math.exp(Math.log(ys[i - 1]) + slope * (Math.log(x) - Math.log(xs[i - 1])));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
