package io.shepherd.moa;

import java.util.Locale;

/**
 * One benchmark stream: a MOA concept (generator before and after the drift), the shape of the change, a seed, and
 * where the measured part of the stream starts. The first {@code warmup} events only train the classifier (the model as
 * deployed); detectors see the {@code length} events after them, numbered from 0. Which concept each event comes from is
 * drawn by {@link DriftingStream}, which records it:
 * <ul>
 *   <li>ABRUPT: every event from {@code driftStart} on comes from the new concept, none before it;</li>
 *   <li>GRADUAL: event t comes from the new concept with probability 1 / (1 + e^(-4 (t - c) / w)), MOA's sigmoid,
 *       centred at c = driftStart + w / 2 (12 % at driftStart, 88 % at driftStart + w); the few new-concept events
 *       drawn before driftStart are the drift's lead-in;</li>
 *   <li>NONE: a no-drift control, every event from the concept before.</li>
 * </ul>
 */
public record Scenario(Concept concept, Shape shape, int seed, int warmup, int length, int driftStart, int width) {

    /** The MOA generators before and after the drift; instance seeds are appended. */
    public enum Concept {
        SEA("SEA f1 -> f2 (3 numeric features; labelling threshold 8 -> 9)", false,
                "generators.SEAGenerator -f 1", "generators.SEAGenerator -f 2"),
        AGRAWAL("Agrawal f1 -> f2 (6 numeric and 3 nominal features; labelling function changes)", false,
                "generators.AgrawalGenerator -f 1", "generators.AgrawalGenerator -f 2"),
        RBF_SHIFT("RandomRBF model 1 -> model 2 (10 numeric features, 50 centroids each; feature distribution and labels both change)",
                true, "generators.RandomRBFGenerator -r 1 -a 10 -n 50", "generators.RandomRBFGenerator -r 2 -a 10 -n 50"),
        SINE("Sine f1 -> f2 (2 uniform numeric features; y < sin(x) becomes y < 0.5 + 0.3 sin(3 pi x))", false,
                "generators.SineGenerator -f 1", "generators.SineGenerator -f 2"),
        HYPERPLANE("Hyperplane, one random hyperplane -> another (10 uniform numeric features, 5 % label noise)", false,
                "generators.HyperplaneGenerator -a 10", "generators.HyperplaneGenerator -a 10"),
        MIXED("Mixed f1 -> f2 (2 numeric and 2 boolean features; the labels are reversed)", false,
                "generators.MixedGenerator -f 1", "generators.MixedGenerator -f 2"),
        RANDOM_TREE("RandomTree tree 1 -> tree 2 (5 numeric and 5 nominal uniform features; another random tree labels them)", false,
                "generators.RandomTreeGenerator -r 1", "generators.RandomTreeGenerator -r 2"),
        WAVEFORM("Waveform -> 10 of its 21 numeric attributes swapped (feature distribution changes, the labelling follows the originals)",
                true, "generators.WaveformGenerator", "generators.WaveformGeneratorDrift -d 10");

        private final String description;
        private final boolean featuresChange;
        private final String before;
        private final String after;

        Concept(String description, boolean featuresChange, String before, String after) {
            this.description = description;
            this.featuresChange = featuresChange;
            this.before = before;
            this.after = after;
        }

        public String description() {
            return description;
        }

        /** Whether the numeric features' distribution changes, which a distribution-drift detector should catch. */
        public boolean featuresChange() {
            return featuresChange;
        }

        /** MOA's command-line form of the generator before the drift, with its instance seed. */
        public String before(int seed) {
            return before + " -i " + seed;
        }

        /** The generator after the drift: another instance seed, so that a seeded concept (a hyperplane) is another one. */
        public String after(int seed) {
            return after + " -i " + (seed + 7919);
        }
    }

    public enum Shape { ABRUPT, GRADUAL, NONE }

    public Scenario {
        if (driftStart <= 0 || driftStart >= length) {
            throw new IllegalArgumentException("drift start " + driftStart + " must lie inside the stream of " + length);
        }
        if (width < 1) {
            throw new IllegalArgumentException("drift width must be >= 1, got " + width);
        }
    }

    public static Scenario of(Concept concept, Shape shape, int seed, int warmup, int length, int driftStart, int gradualWidth) {
        return new Scenario(concept, shape, seed, warmup, length, driftStart, shape == Shape.GRADUAL ? gradualWidth : 1);
    }

    /**
     * The probability that measured event t comes from the new concept.
     */
    public double newConceptProbability(long t) {
        return switch (shape) {
            case NONE -> 0.0;
            case ABRUPT -> t >= driftStart ? 1.0 : 0.0;
            case GRADUAL -> 1.0 / (1.0 + Math.exp(-4.0 * (t - (driftStart + width / 2.0)) / width));
        };
    }

    public boolean control() {
        return shape == Shape.NONE;
    }

    /** How the stream is made, for the log. */
    public String describe() {
        return switch (shape) {
            case NONE -> String.format(Locale.ROOT, "(%s), no drift, seed %d", concept.before(seed), seed);
            case ABRUPT -> String.format(Locale.ROOT, "(%s) -> (%s) at %d, seed %d", concept.before(seed), concept.after(seed),
                    driftStart, seed);
            case GRADUAL -> String.format(Locale.ROOT, "(%s) -> (%s), sigmoid centred at %d, width %d, seed %d", concept.before(seed),
                    concept.after(seed), driftStart + width / 2, width, seed);
        };
    }

    public DriftingStream stream() {
        return new DriftingStream(this);
    }
}
