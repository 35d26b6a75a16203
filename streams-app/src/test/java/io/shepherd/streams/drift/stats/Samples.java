package io.shepherd.streams.drift.stats;

import java.util.Random;
import java.util.function.DoubleSupplier;

/** Seeded samples of the distributions the drift tests use; every generator takes an explicit seed. */
final class Samples {

    private Samples() {
    }

    static double[] normal(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        return draw(n, () -> mean + sd * random.nextGaussian());
    }

    static double[] logNormal(long seed, int n, double mu, double sigma) {
        Random random = new Random(seed);
        return draw(n, () -> Math.exp(mu + sigma * random.nextGaussian()));
    }

    static double[] uniform(long seed, int n, double lo, double hi) {
        Random random = new Random(seed);
        return draw(n, () -> lo + (hi - lo) * random.nextDouble());
    }

    /** Integers 0..k-1 with the given weights. */
    static double[] discrete(long seed, int n, double... weights) {
        Random random = new Random(seed);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double sum = total;
        return draw(n, () -> {
            double u = random.nextDouble() * sum;
            for (int i = 0; i < weights.length; i++) {
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
            return weights.length - 1;
        });
    }

    static double[] shifted(double[] values, double shift) {
        double[] result = values.clone();
        for (int i = 0; i < result.length; i++) {
            result[i] += shift;
        }
        return result;
    }

    static NumericSketch sketchOf(double[] values) {
        NumericSketch sketch = new NumericSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    private static double[] draw(int n, DoubleSupplier supplier) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = supplier.getAsDouble();
        }
        return values;
    }
}
