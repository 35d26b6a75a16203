package io.shepherd.streams.drift.stats;

/**
 * Divergences between two discrete distributions given as proportions over the same bins (each array sums to 1).
 *
 * <p>Smoothing, used by PSI (and the chi-square expectations): {@value #EPSILON} is added to every proportion and the
 * result renormalised, {@code p' = (p + ε) / (1 + kε)}. An empty bin on one side thus contributes a large but finite
 * term, about {@code p·ln(p/ε)}, instead of infinity, and bins empty on both sides contribute exactly 0. The
 * Jensen-Shannon distance needs no smoothing (it is bounded), so it is computed on the raw proportions.
 */
final class Proportions {

    static final double EPSILON = 1e-4;
    private static final double LN2 = Math.log(2);

    private Proportions() {
    }

    static double[] smoothed(double[] p) {
        double[] s = new double[p.length];
        double norm = 1 + p.length * EPSILON;
        for (int i = 0; i < p.length; i++) {
            s[i] = (p[i] + EPSILON) / norm;
        }
        return s;
    }

    /** Population stability index, sum of (c - r)·ln(c / r) over the smoothed proportions. */
    static double psi(double[] reference, double[] current) {
        double[] r = smoothed(reference);
        double[] c = smoothed(current);
        double psi = 0;
        for (int i = 0; i < r.length; i++) {
            psi += (c[i] - r[i]) * Math.log(c[i] / r[i]);
        }
        return psi;
    }

    /** Jensen-Shannon distance in base 2: the square root of the divergence, in [0, 1]. */
    static double jensenShannon(double[] reference, double[] current) {
        double divergence = 0;
        for (int i = 0; i < reference.length; i++) {
            double m = (reference[i] + current[i]) / 2;
            divergence += halfTerm(reference[i], m) + halfTerm(current[i], m);
        }
        return Math.sqrt(Math.max(0, Math.min(1, divergence / LN2)));
    }

    private static double halfTerm(double p, double m) {
        return p > 0 ? 0.5 * p * Math.log(p / m) : 0;
    }

    /** Largest absolute difference of a bin's proportions. */
    static double lInfinity(double[] reference, double[] current) {
        double max = 0;
        for (int i = 0; i < reference.length; i++) {
            max = Math.max(max, Math.abs(reference[i] - current[i]));
        }
        return max;
    }

    /** Differences of a CDF sampled at increasing edges, with 0 before the first and 1 after the last: bin shares. */
    static double[] binShares(double[] cdfAtEdges) {
        double[] shares = new double[cdfAtEdges.length + 1];
        double previous = 0;
        for (int i = 0; i < cdfAtEdges.length; i++) {
            double f = Math.max(previous, Math.min(1, cdfAtEdges[i]));
            shares[i] = f - previous;
            previous = f;
        }
        shares[cdfAtEdges.length] = 1 - previous;
        return shares;
    }
}
