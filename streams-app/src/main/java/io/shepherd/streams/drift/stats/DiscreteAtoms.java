package io.shepherd.streams.drift.stats;

/**
 * Point masses of discrete values in a digest. t-digest treats only singletons as point masses and interpolates the
 * rest as if each centroid's weight were spread around its mean. Here a run of two or more centroids with the same
 * mean (which only repeated values produce) is a point mass too, so the CDF steps at an atom instead of ramping
 * towards the next value. And a single centroid squeezed between two atoms a &lt; m &lt; b (t-digest merges across
 * the boundary of two values) is split back onto them in the proportions its mean implies, (b - m) / (b - a) onto a:
 * exact for data that has no value between a and b, such as a binary flag. Continuous data has no runs, so neither
 * rule touches it.
 */
final class DiscreteAtoms {

    /** Centroids in order; pointMass[i] when all of centroid i's weight sits at its mean. */
    record Centroids(double[] mean, double[] weight, boolean[] pointMass) {
    }

    private DiscreteAtoms() {
    }

    /** The centroids with straddlers split onto their atoms; the arrays given are changed. */
    static Centroids mark(double[] mean, double[] weight) {
        boolean[] inRun = runsOfEqualMeans(mean);
        int n = splitStraddlers(mean, weight, inRun);
        double[] m = new double[n];
        double[] w = new double[n];
        boolean[] pointMass = new boolean[n];
        int k = 0;
        for (int i = 0; i < mean.length; i++) {
            if (weight[i] > 0) {
                m[k] = mean[i];
                w[k] = weight[i];
                pointMass[k] = inRun[i] || weight[i] == 1;
                k++;
            }
        }
        return new Centroids(m, w, pointMass);
    }

    private static boolean[] runsOfEqualMeans(double[] mean) {
        boolean[] inRun = new boolean[mean.length];
        for (int i = 1; i < mean.length; i++) {
            if (mean[i] == mean[i - 1]) {
                inRun[i] = true;
                inRun[i - 1] = true;
            }
        }
        return inRun;
    }

    /** Moves the weight of each centroid strictly between two atoms onto them; returns the centroids left. */
    private static int splitStraddlers(double[] mean, double[] weight, boolean[] inRun) {
        int left = mean.length;
        for (int i = 1; i + 1 < mean.length; i++) {
            if (inRun[i - 1] && inRun[i + 1] && !inRun[i] && weight[i] > 1
                    && mean[i - 1] < mean[i] && mean[i] < mean[i + 1]) {
                double toLeft = weight[i] * (mean[i + 1] - mean[i]) / (mean[i + 1] - mean[i - 1]);
                weight[i - 1] += toLeft;
                weight[i + 1] += weight[i] - toLeft;
                weight[i] = 0;
                left--;
            }
        }
        return left;
    }
}
