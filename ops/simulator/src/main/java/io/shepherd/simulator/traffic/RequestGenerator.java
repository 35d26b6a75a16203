package io.shepherd.simulator.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.simulator.model.ModelSpec;
import io.shepherd.simulator.scenario.Traffic;

/**
 * Draws one request of a model version from its traffic: features from the traffic's distributions, a prediction, and
 * a ground truth that makes the prediction right with the traffic's accuracy (or off by its noise, for regressors).
 * Pure given the {@link Random}: a seeded generator repeats a run exactly.
 */
public final class RequestGenerator {

    public static final String NEW_COUNTRY = "BR";
    public static final String NEW_ITEM_CATEGORY = "podcasts";
    public static final String NEW_CITY = "airport";
    static final List<String> COUNTRIES = List.of("DE", "FR", "ES", "IT");
    static final double[] COUNTRY_WEIGHTS = {0.4, 0.3, 0.2, 0.1};
    static final List<String> ITEM_CATEGORIES = List.of("books", "music", "video", "games");
    static final List<String> CITIES = List.of("north", "south", "east", "west");
    public static final int EMBEDDING_DIMENSIONS = 8;
    /** Mean and standard deviation of each model's main numeric feature, the one a shift moves. */
    public static final double AMOUNT_MEAN = 100;
    public static final double AMOUNT_SD = 30;
    public static final double DISTANCE_MEAN = 12;
    public static final double DISTANCE_SD = 4;
    public static final double SESSION_MEAN = 15;
    public static final double SESSION_SD = 5;

    private RequestGenerator() {
    }

    /** @param requestId unique across runs: the outcome join and every event id derive from it */
    public static ServedRequest generate(ModelSpec model, String version, Variant variant, Traffic traffic, Instant at, String requestId,
                                         Random random) {
        Map<String, Object> features = new HashMap<>();
        Answer answer = switch (model.kind()) {
            case CLASSIFIER -> classify(features, traffic, random, "fraud", "legit", 0.3);
            case EMBEDDING_CLASSIFIER -> rank(features, traffic, random);
            case REGRESSOR -> regress(features, traffic, random);
        };
        PredictionServed prediction = PredictionServed.newBuilder().setEventId("p-" + requestId).setRequestId(requestId)
                .setModelId(model.id()).setModelVersion(version).setVariant(variant).setEventTime(at).setPrediction(answer.prediction())
                .setLatencyMs(latency(traffic, random)).setStatus(ServingStatus.OK).setErrorKind(null)
                .setSegments(Map.of("region", random.nextBoolean() ? "eu-west" : "us-east")).build();
        FeaturesObserved observed = FeaturesObserved.newBuilder().setEventId("f-" + requestId).setRequestId(requestId)
                .setModelId(model.id()).setModelVersion(version).setEventTime(at).setFeatures(features).build();
        OutcomeObserved outcome = OutcomeObserved.newBuilder().setEventId("o-" + requestId).setRequestId(requestId)
                .setModelId(model.id()).setEventTime(at.plus(traffic.labelDelay())).setGroundTruth(answer.truth()).build();
        return new ServedRequest(prediction, observed, outcome);
    }

    private record Answer(Prediction prediction, Object truth) {
    }

    private static Answer classify(Map<String, Object> features, Traffic traffic, Random random, String positive, String negative,
                                   double positiveRate) {
        features.put("amount", AMOUNT_MEAN + AMOUNT_SD * (random.nextGaussian() + traffic.shift()));
        features.put("country", random.nextDouble() < traffic.unseenShare() ? NEW_COUNTRY : pick(COUNTRIES, COUNTRY_WEIGHTS, random));
        features.put("device_age_days", Math.max(0, 200 + 50 * random.nextGaussian()));
        return binaryAnswer(traffic, random, positive, negative, positiveRate);
    }

    private static Answer rank(Map<String, Object> features, Traffic traffic, Random random) {
        features.put("session_minutes", SESSION_MEAN + SESSION_SD * (random.nextGaussian() + traffic.shift()));
        features.put("item_category", random.nextDouble() < traffic.unseenShare() ? NEW_ITEM_CATEGORY
                : ITEM_CATEGORIES.get(random.nextInt(ITEM_CATEGORIES.size())));
        features.put("user_embedding", embedding(traffic.rotation(), random));
        return binaryAnswer(traffic, random, "click", "skip", 0.4);
    }

    private static Answer regress(Map<String, Object> features, Traffic traffic, Random random) {
        double distance = Math.max(0.5, DISTANCE_MEAN + DISTANCE_SD * (random.nextGaussian() + traffic.shift()));
        features.put("distance_km", distance);
        features.put("hour", (double) random.nextInt(24));
        features.put("city", random.nextDouble() < traffic.unseenShare() ? NEW_CITY : CITIES.get(random.nextInt(CITIES.size())));
        double eta = 5 + 3 * distance;
        double truth = eta + ModelSpec.REGRESSOR_NOISE * traffic.errorScale() * random.nextGaussian();
        return new Answer(Prediction.newBuilder().setScore(eta).setLabel(null).setProbabilities(null).build(), truth);
    }

    private static Answer binaryAnswer(Traffic traffic, Random random, String positive, String negative, double positiveRate) {
        String predicted = random.nextDouble() < positiveRate ? positive : negative;
        String other = predicted.equals(positive) ? negative : positive;
        double confidence = 0.8 + 0.15 * random.nextDouble();
        double positiveProbability = predicted.equals(positive) ? confidence : 1 - confidence;
        Map<String, Double> probabilities = Map.of(positive, positiveProbability, negative, 1 - positiveProbability);
        String truth = random.nextDouble() < traffic.accuracy() ? predicted : other;
        return new Answer(Prediction.newBuilder().setScore(positiveProbability).setLabel(predicted).setProbabilities(probabilities).build(),
                truth);
    }

    /** A unit-scale vector around a fixed direction, rotated in the plane of its first two axes. */
    static List<Float> embedding(double rotation, Random random) {
        double[] v = new double[EMBEDDING_DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1.0 / (i + 1) + 0.15 * random.nextGaussian();
        }
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        double x = v[0];
        double y = v[1];
        v[0] = cos * x - sin * y;
        v[1] = sin * x + cos * y;
        List<Float> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add((float) d);
        }
        return out;
    }

    private static double latency(Traffic traffic, Random random) {
        return traffic.latencyMs() * Math.exp(0.25 * random.nextGaussian());
    }

    private static String pick(List<String> values, double[] weights, Random random) {
        double u = random.nextDouble();
        for (int i = 0; i < values.size(); i++) {
            u -= weights[i];
            if (u < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }
}
