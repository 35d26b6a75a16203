package io.shepherd.streams.drift.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift scores of an embedding feature; see {@link EmbeddingDrift#compare}. NaN means undefined (no vectors, or no
 * distances, on one side).
 *
 * @param centroidCosine      cosine distance (1 - cos) between the reference and current centroids, in [0, 2]
 * @param distanceKs          KS statistic of the distances to the reference centroid
 * @param distanceKsCritical  its critical value at α = 0.05, digest rank error included
 * @param distancePsi         PSI of those distances
 * @param distanceWasserstein Wasserstein-1 of those distances, in reference standard deviations
 */
public record EmbeddingScores(double centroidCosine, double distanceKs, double distanceKsCritical, double distancePsi,
                              double distanceWasserstein) {

    /** The scores under the names of the DriftScored event's {@code scores} map, in a stable order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("centroid_cosine", centroidCosine);
        map.put("distance_ks", distanceKs);
        map.put("distance_ks_critical", distanceKsCritical);
        map.put("distance_psi", distancePsi);
        map.put("distance_wasserstein", distanceWasserstein);
        return Collections.unmodifiableMap(map);
    }
}
