package io.shepherd.streams.policy;

import java.util.Set;

/**
 * How p-values are corrected when a p-value test (ks, chi2) decides for several features of one model version in one
 * window: without correction, 50 healthy features tested at 5 % give about 2.5 false alarms per window.
 *
 * @param method BH (Benjamini-Hochberg, controls the false discovery rate), BONFERRONI (controls the family-wise
 *               error rate) or NONE
 * @param level  q for BH, the family-wise alpha for BONFERRONI, the per-test alpha for NONE (0.05)
 */
public record PValueCorrection(String method, double level) {

    public static final Set<String> METHODS = Set.of("BH", "BONFERRONI", "NONE");

    public PValueCorrection {
        Checks.oneOf("multipleTesting.method", method, METHODS);
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("multipleTesting.level must be in (0, 1), got " + level);
        }
    }
}
