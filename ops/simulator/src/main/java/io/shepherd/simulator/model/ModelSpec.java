package io.shepherd.simulator.model;

import java.util.List;
import java.util.Map;

/**
 * One simulated model: its kind, its healthy request rate and the baseline its versions declare on deployment.
 *
 * @param baseline metric name to value, as in {@code ModelLifecycle.baseline}: accuracy for classifiers, mae for regressors
 */
public record ModelSpec(String id, ModelKind kind, double ratePerSecond, Map<String, Double> baseline) {

    /** Healthy accuracy of the classifiers; with noise of standard deviation 3 the regressor's MAE is 3·√(2/π). */
    public static final double CLASSIFIER_ACCURACY = 0.92;
    public static final double RANKER_ACCURACY = 0.88;
    public static final double REGRESSOR_NOISE = 3.0;
    public static final double REGRESSOR_MAE = REGRESSOR_NOISE * Math.sqrt(2 / Math.PI);

    public static final ModelSpec FRAUD_SCORER = new ModelSpec("fraud-scorer", ModelKind.CLASSIFIER, 60,
            Map.of("accuracy", CLASSIFIER_ACCURACY));
    public static final ModelSpec ETA_REGRESSOR = new ModelSpec("eta-regressor", ModelKind.REGRESSOR, 60,
            Map.of("mae", REGRESSOR_MAE));
    public static final ModelSpec RECS_RANKER = new ModelSpec("recs-ranker", ModelKind.EMBEDDING_CLASSIFIER, 30,
            Map.of("accuracy", RANKER_ACCURACY));

    /** The fleet every scenario runs. */
    public static final List<ModelSpec> FLEET = List.of(FRAUD_SCORER, ETA_REGRESSOR, RECS_RANKER);

    public double healthyAccuracy() {
        return baseline.getOrDefault("accuracy", 1.0);
    }

    public static ModelSpec byId(String id) {
        return FLEET.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated model '" + id + "'"));
    }
}
