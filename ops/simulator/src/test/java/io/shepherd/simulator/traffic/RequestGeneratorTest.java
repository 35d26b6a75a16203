package io.shepherd.simulator.traffic;

import static io.shepherd.simulator.model.ModelSpec.ETA_REGRESSOR;
import static io.shepherd.simulator.model.ModelSpec.FRAUD_SCORER;
import static io.shepherd.simulator.model.ModelSpec.RECS_RANKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.events.Variant;
import io.shepherd.simulator.model.ModelSpec;
import io.shepherd.simulator.scenario.Scenarios;
import io.shepherd.simulator.scenario.Traffic;

class RequestGeneratorTest {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final int N = 20_000;

    private static List<ServedRequest> draw(ModelSpec model, Traffic traffic) {
        Random random = new Random(7);
        List<ServedRequest> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(RequestGenerator.generate(model, "v2", Variant.CHAMPION, traffic, T0.plusMillis(i), "r-" + i, random));
        }
        return out;
    }

    private static double mean(List<ServedRequest> requests, String feature) {
        return requests.stream().mapToDouble(r -> (Double) r.features().getFeatures().get(feature)).average().orElseThrow();
    }

    @ParameterizedTest(name = "shift {0} sd moves the mean amount to {1}")
    @CsvSource({"0, 100", "1.5, 145", "-1, 70"})
    void aShiftMovesTheMainFeatureByThatManyStandardDeviations(double shift, double expectedMean) {
        assertThat(mean(draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER).withShift(shift)), "amount")).isCloseTo(expectedMean, within(1.0));
    }

    @ParameterizedTest(name = "accuracy {0}")
    @CsvSource({"0.92", "0.85", "0.70"})
    void groundTruthMatchesThePredictionWithTheTrafficsAccuracy(double accuracy) {
        List<ServedRequest> requests = draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER).withAccuracy(accuracy));

        double correct = requests.stream().filter(r -> r.outcome().getGroundTruth().equals(r.prediction().getPrediction().getLabel())).count();
        assertThat(correct / N).isCloseTo(accuracy, within(0.01));
    }

    @Test
    void theHealthyDemoDrawsNoUnseenCountryAndTheNewCategoryScenarioThirtyPercent() {
        Traffic unseen = Scenarios.byName("new-category").trafficAt(FRAUD_SCORER, "v2", Duration.ofSeconds(60));

        assertThat(draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER))).noneMatch(r -> "BR".equals(r.features().getFeatures().get("country")));
        double share = draw(FRAUD_SCORER, unseen).stream().filter(r -> "BR".equals(r.features().getFeatures().get("country"))).count() / (double) N;
        assertThat(share).isCloseTo(0.3, within(0.01));
    }

    @Test
    void probabilitiesSumToOneAndTheScoreIsThePositiveClassProbability() {
        ServedRequest request = draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER)).get(0);

        var prediction = request.prediction().getPrediction();
        assertThat(prediction.getProbabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(prediction.getScore()).isEqualTo(prediction.getProbabilities().get("fraud"));
    }

    @Test
    void theOutcomeArrivesTheLabelDelayAfterThePredictionUnderTheSameRequestId() {
        ServedRequest request = draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER).withLabelDelay(Duration.ofSeconds(20))).get(5);

        assertThat(request.outcome().getEventTime()).isEqualTo(T0.plusMillis(5).plusSeconds(20));
        assertThat(request.outcome().getRequestId()).isEqualTo(request.prediction().getRequestId()).isEqualTo(request.features().getRequestId());
        assertThat(request.prediction().getEventId()).isEqualTo("p-r-5");
    }

    @Test
    void theRegressorsMeanAbsoluteErrorIsItsBaselineAndGrowsWithTheErrorScale() {
        double healthy = mae(draw(ETA_REGRESSOR, Traffic.healthy(ETA_REGRESSOR)));
        double noisy = mae(draw(ETA_REGRESSOR, Traffic.healthy(ETA_REGRESSOR).withErrorScale(2)));

        assertThat(healthy).isCloseTo(ModelSpec.REGRESSOR_MAE, within(0.05));
        assertThat(noisy).isCloseTo(2 * ModelSpec.REGRESSOR_MAE, within(0.1));
    }

    @Test
    void aRotationTurnsTheEmbeddingsMeanDirectionByThatAngle() {
        double angle = meanAngle(draw(RECS_RANKER, Traffic.healthy(RECS_RANKER).withRotation(0.8)))
                - meanAngle(draw(RECS_RANKER, Traffic.healthy(RECS_RANKER)));

        assertThat(angle).isCloseTo(0.8, within(0.02));
    }

    @Test
    void latencyCentresOnTheTrafficsMedian() {
        List<Double> latencies = draw(FRAUD_SCORER, Traffic.healthy(FRAUD_SCORER).withLatencyMs(400)).stream()
                .map(r -> r.prediction().getLatencyMs()).sorted().toList();

        assertThat(latencies.get(N / 2)).isCloseTo(400, within(10.0));
    }

    private static double mae(List<ServedRequest> requests) {
        return requests.stream().mapToDouble(r -> Math.abs((Double) r.outcome().getGroundTruth() - r.prediction().getPrediction().getScore()))
                .average().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static double meanAngle(List<ServedRequest> requests) {
        double x = 0;
        double y = 0;
        for (ServedRequest r : requests) {
            List<Float> e = (List<Float>) r.features().getFeatures().get("user_embedding");
            x += e.get(0);
            y += e.get(1);
        }
        return Math.atan2(y, x);
    }
}
