package io.shepherd.streams.policy;

import java.util.OptionalDouble;
import java.util.Set;

/**
 * Which score decides whether a categorical feature (or {@code prediction.label}) drifted, and the threshold of each
 * distance. {@code chi2} decides by its p-value at {@code multipleTesting.level} (after correction).
 *
 * @param decidingScore psi, chi2, js or linf
 * @param psi           PSI over the category frequencies at or above which the feature drifts (0.2)
 * @param js            Jensen-Shannon distance, log base 2, in [0, 1] (0.1)
 * @param linf          L-infinity distance: the largest change of one category's share (0.1)
 */
public record CategoricalScoring(String decidingScore, double psi, double js, double linf) {

    public static final Set<String> SCORES = Set.of("psi", "chi2", "js", "linf");

    public CategoricalScoring {
        Checks.oneOf("categorical.decidingScore", decidingScore, SCORES);
        Checks.positive("categorical.psi", psi);
        Checks.fraction("categorical.js", js);
        Checks.fraction("categorical.linf", linf);
    }

    /** True when the deciding score is a test whose p-value decides (so multiple-testing correction applies). */
    public boolean decidedByPValue() {
        return decidingScore.equals("chi2");
    }

    /** The fixed threshold of the deciding score; empty for chi2, which decides by its p-value. */
    public OptionalDouble threshold() {
        return switch (decidingScore) {
            case "psi" -> OptionalDouble.of(psi);
            case "js" -> OptionalDouble.of(js);
            case "linf" -> OptionalDouble.of(linf);
            default -> OptionalDouble.empty();
        };
    }
}
