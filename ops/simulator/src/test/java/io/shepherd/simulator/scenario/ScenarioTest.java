package io.shepherd.simulator.scenario;

import static io.shepherd.simulator.model.ModelSpec.ETA_REGRESSOR;
import static io.shepherd.simulator.model.ModelSpec.FRAUD_SCORER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @ParameterizedTest(name = "demo at {0} s: {1} {2} shift {3} accuracy {4}")
    @CsvSource({
            "0,   fraud-scorer,  v2, 0.0, 0.92",
            "49,  fraud-scorer,  v2, 0.0, 0.92",
            "50,  fraud-scorer,  v2, 1.5, 0.92",
            "80,  fraud-scorer,  v2, 1.5, 0.85",
            "115, fraud-scorer,  v2, 1.5, 0.70",
            "300, fraud-scorer,  v2, 1.5, 0.70",
            "300, fraud-scorer,  v1, 0.0, 0.92",
            "300, recs-ranker,   v1, 0.0, 0.88"})
    void theDemoDegradesOnlyVersionTwoOfTheFraudScorerStepByStep(long second, String model, String version, double shift, double accuracy) {
        Traffic traffic = Scenarios.byName("demo").trafficAt(io.shepherd.simulator.model.ModelSpec.byId(model), version,
                Duration.ofSeconds(second));

        assertThat(traffic.shift()).isEqualTo(shift);
        assertThat(traffic.accuracy()).isEqualTo(accuracy);
    }

    @ParameterizedTest(name = "sudden failure at {0} s: {1} shift {2} accuracy {3}")
    @CsvSource({"59.9, v2, 0.0, 0.92", "60, v2, 1.5, 0.70", "300, v2, 1.5, 0.70", "300, v1, 0.0, 0.92"})
    void theSuddenFailureChangesInputsAndAccuracyOfVersionTwoAtOneInstant(double second, String version, double shift, double accuracy) {
        Scenario sudden = Scenarios.byName(Scenarios.SUDDEN_FAILURE);
        Traffic traffic = sudden.trafficAt(FRAUD_SCORER, version, Duration.ofMillis(Math.round(second * 1000)));

        assertThat(traffic.shift()).isEqualTo(shift);
        assertThat(traffic.accuracy()).isEqualTo(accuracy);
        assertThat(sudden.endsWithRollback()).isTrue();
        assertThat(Scenarios.byName("abrupt-shift").endsWithRollback()).isFalse();
    }

    @ParameterizedTest(name = "gradual drift at {0} s: shift {1}")
    @CsvSource({"0, 0.0", "40, 0.0", "85, 1.0", "130, 2.0", "500, 2.0"})
    void gradualDriftRampsTheShiftLinearly(long second, double shift) {
        Traffic traffic = Scenarios.byName("gradual-drift").trafficAt(FRAUD_SCORER, "v1", Duration.ofSeconds(second));

        assertThat(traffic.shift()).isCloseTo(shift, within(1e-9));
    }

    @Test
    void aSilentModelHasNoRateAfterItsStepAndOtherModelsKeepTheirs() {
        Scenario silent = Scenarios.byName("silent-model");

        assertThat(silent.trafficAt(ETA_REGRESSOR, "v1", Duration.ofSeconds(39)).ratePerSecond()).isEqualTo(60);
        assertThat(silent.trafficAt(ETA_REGRESSOR, "v1", Duration.ofSeconds(40)).ratePerSecond()).isZero();
        assertThat(silent.trafficAt(FRAUD_SCORER, "v1", Duration.ofSeconds(60)).ratePerSecond()).isEqualTo(60);
    }

    @Test
    void labelsOfTheAccuracyDecayArriveTwentySecondsLate() {
        Traffic traffic = Scenarios.byName("accuracy-decay").trafficAt(FRAUD_SCORER, "v1", Duration.ofSeconds(70));

        assertThat(traffic.labelDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(traffic.accuracy()).isCloseTo(0.92 + (0.74 - 0.92) / 2, within(1e-9));
    }

    @Test
    void stepsBetweenTwoTicksIncludeTheEndAndExcludeTheStart() {
        Scenario demo = Scenarios.byName("demo");

        assertThat(demo.stepsBetween(Duration.ofMillis(-1), Duration.ZERO)).hasSize(3).allMatch(s -> s instanceof Step.Deploy);
        assertThat(demo.stepsBetween(Duration.ofSeconds(20), Duration.ofSeconds(50))).extracting(Step::at).containsExactly(Duration.ofSeconds(50));
        assertThat(demo.stepsBetween(Duration.ofSeconds(19), Duration.ofSeconds(20))).extracting(Step::modelId).containsExactly("fraud-scorer");
    }

    @Test
    void everyScenarioStartsWithVersionOneOfEveryModelAndHasAUniqueName() {
        assertThat(Scenarios.all()).extracting(Scenario::name).doesNotHaveDuplicates().hasSize(10);
        assertThat(Scenarios.all()).allSatisfy(s -> assertThat(s.stepsBetween(Duration.ofMillis(-1), Duration.ZERO))
                .extracting(Step::modelId).containsExactlyInAnyOrder("fraud-scorer", "eta-regressor", "recs-ranker"));
    }
}
