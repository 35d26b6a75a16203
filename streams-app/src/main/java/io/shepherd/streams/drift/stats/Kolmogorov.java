package io.shepherd.streams.drift.stats;

/** The asymptotic Kolmogorov distribution, for two-sample KS p-values. */
final class Kolmogorov {

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Kolmogorov() {
    }

    /**
     * P(K > λ), the asymptotic p-value of a KS statistic D at effective size n_e when λ = sqrt(n_e)·D. Below λ = 1.18
     * the Jacobi theta form {@code 1 - sqrt(2π)/λ·Σ exp(-(2k-1)²π²/(8λ²))} converges fast; above it the alternating
     * series {@code 2·Σ (-1)^(k-1) exp(-2k²λ²)} does, and keeps precision for tiny p-values.
     */
    static double survival(double lambda) {
        if (Double.isNaN(lambda)) {
            return Double.NaN;
        }
        if (lambda <= 0) {
            return 1;
        }
        if (lambda < 1.18) {
            double sum = 0;
            double factor = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k < 100; k++) {
                double term = Math.exp(factor * (2 * k - 1) * (2 * k - 1));
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            return Math.max(0, Math.min(1, 1 - SQRT_2PI / lambda * sum));
        }
        double sum = 0;
        double sign = 1;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            sign = -sign;
            if (term < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }
}
