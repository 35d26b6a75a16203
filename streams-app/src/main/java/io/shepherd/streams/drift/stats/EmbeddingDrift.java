package io.shepherd.streams.drift.stats;

/** Compares the current window's {@link EmbeddingSketch} of a feature with its reference sketch. */
public final class EmbeddingDrift {

    private EmbeddingDrift() {
    }

    /**
     * centroid_cosine is the cosine distance between the two centroids (a rotation or a shift of the mean direction);
     * the distance scores are {@link NumericDrift#compare} of the two sketches of distances to the reference centroid
     * (a spread or a contraction around it), with the default PSI bins.
     *
     * @throws IllegalArgumentException when the dimensions differ
     */
    public static EmbeddingScores compare(EmbeddingSketch reference, EmbeddingSketch current) {
        if (reference.dimension() != current.dimension()) {
            throw new IllegalArgumentException("reference embedding has dimension " + reference.dimension()
                    + " but the current one " + current.dimension());
        }
        double centroidCosine = reference.count() == 0 || current.count() == 0
                ? Double.NaN
                : EmbeddingSketch.cosineDistance(reference.centroid(), current.centroid());
        NumericScores distances = NumericDrift.compare(reference.distances(), current.distances());
        return new EmbeddingScores(centroidCosine, distances.ks(), distances.ksCritical(), distances.psi(),
                distances.wasserstein());
    }
}
