package io.shepherd.streams.policy;

import java.util.OptionalDouble;
import java.util.Set;

/**
 * Which score decides whether a numeric feature (or {@code prediction.score}) drifted, and the threshold of each
 * distance. {@code ks} decides by its p-value at {@code multipleTesting.level} (after correction), which is the same
 * as comparing the KS statistic with its critical value for the two sample sizes.
 *
 * @param decidingScore psi, ks, wasserstein or js
 * @param psi           PSI at or above which the feature drifts (0.2)
 * @param psiModerate   PSI recorded as moderate shift, never alerting (0.1); at most {@code psi}
 * @param wasserstein   Wasserstein-1 distance divided by the reference standard deviation (0.1)
 * @param js            Jensen-Shannon distance, log base 2, in [0, 1] (0.1)
 */
public record NumericScoring(String decidingScore, double psi, double psiModerate, double wasserstein, double js) {

    public static final Set<String> SCORES = Set.of("psi", "ks", "wasserstein", "js");

    public NumericScoring {
        Checks.oneOf("numeric.decidingScore", decidingScore, SCORES);
        Checks.positive("numeric.psi", psi);
        Checks.positive("numeric.psiModerate", psiModerate);
        if (psiModerate > psi) {
            throw new IllegalArgumentException("numeric.psiModerate (" + psiModerate + ") must not exceed numeric.psi ("
                    + psi + ")");
        }
        Checks.positive("numeric.wasserstein", wasserstein);
        Checks.fraction("numeric.js", js);
    }

    /** True when the deciding score is a test whose p-value decides (so multiple-testing correction applies). */
    public boolean decidedByPValue() {
        return decidingScore.equals("ks");
    }

    /** The fixed threshold of the deciding score; empty for ks, whose critical value depends on the sample sizes. */
    public OptionalDouble threshold() {
        return switch (decidingScore) {
            case "psi" -> OptionalDouble.of(psi);
            case "wasserstein" -> OptionalDouble.of(wasserstein);
            case "js" -> OptionalDouble.of(js);
            default -> OptionalDouble.empty();
        };
    }
}
