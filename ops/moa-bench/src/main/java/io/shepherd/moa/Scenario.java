package io.shepherd.moa;

import java.util.Locale;

import moa.streams.ConceptDriftStream;

/**
 * One benchmark stream: a MOA concept (generator before and after the drift) with an abrupt or gradual transition, a
 * seed, and where the measured part of the stream starts. The first {@code warmup} events only train the classifier
 * (the model as deployed); detectors see the {@code length} events after them, numbered from 0. The transition starts
 * at {@code driftStart} of those: MOA's {@link ConceptDriftStream} draws each event from the new concept with
 * probability 1 / (1 + e^(-4 (n - p) / w)), so a gradual drift of width w is centred at driftStart + w / 2 (12 % of the
 * events come from the new concept at driftStart, 88 % at driftStart + w).
 */
public record Scenario(Concept concept, Shape shape, int seed, int warmup, int length, int driftStart, int width) {

    /** The MOA generators before and after the drift; instance seeds are appended. */
    public enum Concept {
        SEA("SEA f1 -> f2 (3 numeric features; labelling threshold 8 -> 9, feature distribution unchanged)",
                "generators.SEAGenerator -f 1", "generators.SEAGenerator -f 2"),
        AGRAWAL("Agrawal f1 -> f2 (6 numeric features; labelling function changes, feature distribution unchanged)",
                "generators.AgrawalGenerator -f 1", "generators.AgrawalGenerator -f 2"),
        RBF_SHIFT("RandomRBF model 1 -> model 2 (10 numeric features, 50 centroids each; feature distribution and labels both change)",
                "generators.RandomRBFGenerator -r 1 -a 10 -n 50", "generators.RandomRBFGenerator -r 2 -a 10 -n 50");

        private final String description;
        private final String before;
        private final String after;

        Concept(String description, String before, String after) {
            this.description = description;
            this.before = before;
            this.after = after;
        }

        public String description() {
            return description;
        }
    }

    public enum Shape { ABRUPT, GRADUAL }

    public Scenario {
        if (driftStart <= 0 || driftStart >= length) {
            throw new IllegalArgumentException("drift start " + driftStart + " must lie inside the stream of " + length);
        }
        if (width < 1) {
            throw new IllegalArgumentException("drift width must be >= 1, got " + width);
        }
    }

    public static Scenario of(Concept concept, Shape shape, int seed, int warmup, int length, int driftStart, int gradualWidth) {
        return new Scenario(concept, shape, seed, warmup, length, driftStart, shape == Shape.ABRUPT ? 1 : gradualWidth);
    }

    /** MOA's command-line form of the stream, which is also how it is built. */
    public String moaSpec() {
        int centre = warmup + driftStart + (width == 1 ? 0 : width / 2);
        return String.format(Locale.ROOT, "-s (%s -i %d) -d (%s -i %d) -p %d -w %d -r %d",
                concept.before, seed, concept.after, seed + 7919, centre, width, seed);
    }

    public ConceptDriftStream stream() {
        ConceptDriftStream stream = new ConceptDriftStream();
        stream.getOptions().setViaCLIString(moaSpec());
        stream.prepareForUse();
        return stream;
    }
}
