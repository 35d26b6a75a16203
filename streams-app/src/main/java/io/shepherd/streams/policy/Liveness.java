package io.shepherd.streams.policy;

import java.time.Duration;

/**
 * When a model version counts as silent or stale.
 *
 * @param noDataAfter a version that had traffic and sends no prediction for this long raises NO_DATA (CRITICAL)
 *                    (PT15M)
 * @param maxAge      a version deployed longer ago than this raises a STALE WARNING (null: never)
 */
public record Liveness(Duration noDataAfter, Duration maxAge) {

    public Liveness {
        Checks.positive("liveness.noDataAfter", noDataAfter);
        if (maxAge != null) {
            Checks.positive("liveness.maxAge", maxAge);
        }
    }
}
