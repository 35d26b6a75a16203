package io.shepherd.streams.drift.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift scores of a categorical feature; see {@link CategoricalDrift#compare}. NaN means undefined: no values on one
 * side (missing_rate: no records at all).
 *
 * @param psi         population stability index over the union of categories, smoothed so always finite
 * @param js          Jensen-Shannon distance (base 2, in [0, 1])
 * @param chi2        two-sample chi-square statistic of homogeneity of the reference and current counts
 * @param chi2P       its p-value, k - 1 degrees of freedom
 * @param linf        largest absolute difference of a category's share
 * @param unseenRate  share of current values in categories the reference never saw
 * @param missingRate share of current records without a value
 */
public record CategoricalScores(double psi, double js, double chi2, double chi2P, double linf, double unseenRate,
                                double missingRate) {

    /** The scores under the names of the DriftScored event's {@code scores} map, in a stable order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("psi", psi);
        map.put("js", js);
        map.put("chi2", chi2);
        map.put("chi2_p", chi2P);
        map.put("linf", linf);
        map.put("unseen_rate", unseenRate);
        map.put("missing_rate", missingRate);
        return Collections.unmodifiableMap(map);
    }
}
