package io.shepherd.streams.performance.metrics;

/** The ROC AUC with the Hanley-McNeil (1982) standard error. */
final class RocAuc {

    private RocAuc() {
    }

    /**
     * SE² = (A(1 - A) + (n_pos - 1)(Q1 - A²) + (n_neg - 1)(Q2 - A²)) / (n_pos·n_neg), Q1 = A / (2 - A),
     * Q2 = 2A² / (1 + A): the exponential approximation of the two score distributions.
     */
    static double hanleyMcNeilStandardError(double auc, long positives, long negatives) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double a2 = auc * auc;
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0, variance));
    }

    static Metric withInterval(double auc, long positives, long negatives, double confidence) {
        return Intervals.normal("roc_auc", auc, hanleyMcNeilStandardError(auc, positives, negatives), confidence, 0, 1,
                "hanley_mcneil", true);
    }
}
