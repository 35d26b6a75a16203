package io.shepherd.streams.drift.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift scores of a numeric feature, current window against reference; see {@link NumericDrift#compare} for each
 * definition. NaN means undefined: no finite values on one side (rates: no records at all).
 *
 * @param psi            population stability index on reference-quantile bins, smoothed so always finite
 * @param ks             two-sample Kolmogorov-Smirnov statistic D, from the digests
 * @param ksCritical     D above which the difference is significant at α = 0.05, digest rank error included
 * @param ksP            asymptotic p-value of D after removing the digests' rank-error allowance
 * @param wasserstein    Wasserstein-1 distance in units of the reference standard deviation
 * @param js             Jensen-Shannon distance (base 2, in [0, 1]) on the PSI bins
 * @param outOfRangeRate share of current finite values outside [reference min, reference max]
 * @param missingRate    share of current records without a value
 * @param nanRate        share of current records with NaN or ±Inf
 */
public record NumericScores(double psi, double ks, double ksCritical, double ksP, double wasserstein, double js,
                            double outOfRangeRate, double missingRate, double nanRate) {

    /** The scores under the names of the DriftScored event's {@code scores} map, in a stable order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("psi", psi);
        map.put("ks", ks);
        map.put("ks_critical", ksCritical);
        map.put("ks_p", ksP);
        map.put("wasserstein", wasserstein);
        map.put("js", js);
        map.put("out_of_range_rate", outOfRangeRate);
        map.put("missing_rate", missingRate);
        map.put("nan_rate", nanRate);
        return Collections.unmodifiableMap(map);
    }
}
