package io.shepherd.streams.performance.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SequentialDropTest {

    @Test
    void atTheNullsBoundaryFalseAlarmsStayWithinOnePerThresholdPredictions() {
        // The hardest null: every prediction right with probability exactly q.
        SequentialDrop detector = SequentialDrop.withNullAccuracy(0.85, 1_000);
        SplittableRandom random = new SplittableRandom(42);
        int alarms = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            alarms += detector.observe(random.nextDouble() < 0.85) ? 1 : 0;
        }

        assertThat(alarms).isLessThanOrEqualTo(n / 1_000);
    }

    @Test
    void aModelAboveTheNullNeverAlarmsAtABudgetOfOnePerMillion() {
        SequentialDrop detector = SequentialDrop.withNullAccuracy(0.85, 1e6);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(detector.observe(random.nextDouble() < 0.9)).as("prediction %d", i).isFalse();
        }
    }

    @Test
    void aLargeDropIsFoundWithinAFewDozenToAFewHundredPredictions() {
        // Accuracy 0.6 against a null of 0.85: about 0.18 nats of evidence per prediction, ln(10^6) = 13.8 needed.
        int[] delays = new int[5];
        for (int seed = 0; seed < delays.length; seed++) {
            SequentialDrop detector = SequentialDrop.withNullAccuracy(0.85, 1e6);
            SplittableRandom random = new SplittableRandom(seed);
            int t = 0;
            while (!detector.observe(random.nextDouble() < 0.6)) {
                t++;
            }
            delays[seed] = t;
        }

        for (int d : delays) {
            assertThat(d).isBetween(30, 300);
        }
    }

    @Test
    void aDropJustPastTheNullIsFoundLaterThanALargeOne() {
        assertThat(delay(0.80, 3)).isGreaterThan(delay(0.6, 3));
    }

    @Test
    void theDetectorStartsOverAfterAnAlarm() {
        SequentialDrop detector = SequentialDrop.withNullAccuracy(0.9, 100);
        int t = 0;
        while (!detector.observe(false)) {
            t++;
        }

        assertThat(t).isPositive();
        assertThat(detector.statistic()).isZero();
        assertThat(detector.observed()).isEqualTo(t + 1);
    }

    @Test
    void theNullTakesTheBaselinesLowerBoundNotItsPointEstimate() {
        // 900 of 1,000 right: Wilson's one-sided lower bound at risk 1e-4 (z = 3.719) is 0.8591.
        SequentialDrop detector = SequentialDrop.against(900, 1_000, 0.05, 1e-4, 1e6);

        double z = 3.7190164854556804;
        double p = 0.9;
        double n = 1_000;
        double lower = (p + z * z / (2 * n) - z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n);
        assertThat(detector.nullAccuracy()).isCloseTo(0.95 * lower, within(1e-9));
        assertThat(lower).isCloseTo(0.8591, within(1e-4));
    }

    @Test
    void aLargerBaselineGivesANullCloserToItsEstimate() {
        assertThat(SequentialDrop.against(90_000, 100_000, 0.05, 1e-4, 1e6).nullAccuracy())
                .isGreaterThan(SequentialDrop.against(900, 1_000, 0.05, 1e-4, 1e6).nullAccuracy())
                .isLessThan(0.95 * 0.9);
    }

    @Test
    void aRebasedDetectorTestsAgainstTheLargerBaselinesBoundAndKeepsItsEvidence() {
        SequentialDrop detector = SequentialDrop.against(900, 1_000, 0.05, 1e-4, 1e6);
        for (int i = 0; i < 20; i++) {
            detector.observe(false);
        }
        double evidence = detector.statistic();

        detector.rebase(45_000, 50_000, SequentialDrop.riskOfBound(1e-4, 2));

        assertThat(detector.statistic()).isEqualTo(evidence);
        assertThat(detector.nullAccuracy()).isGreaterThan(0.95 * 0.89).isLessThan(0.95 * 0.9);
        assertThatThrownBy(() -> SequentialDrop.withNullAccuracy(0.8, 1e6).rebase(9, 10, 1e-4)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRisksOfSuccessiveBoundsSumToTheBaselinesRisk() {
        double sum = 0;
        for (int k = 1; k <= 1_000_000; k++) {
            sum += SequentialDrop.riskOfBound(1e-4, k);
        }

        assertThat(SequentialDrop.riskOfBound(1e-4, 1)).isCloseTo(6e-4 / (Math.PI * Math.PI), within(1e-15));
        assertThat(sum).isLessThan(1e-4).isCloseTo(1e-4, within(1e-9));
    }

    @Test
    void refusesWhatIsNotATest() {
        assertThatThrownBy(() -> SequentialDrop.withNullAccuracy(1.0, 1e6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequentialDrop.withNullAccuracy(0.8, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequentialDrop.against(10, 0, 0.05, 1e-4, 1e6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequentialDrop.against(11, 10, 0.05, 1e-4, 1e6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequentialDrop.against(9, 10, 0.0, 1e-4, 1e6)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int delay(double accuracy, int seed) {
        SequentialDrop detector = SequentialDrop.withNullAccuracy(0.85, 1e6);
        SplittableRandom random = new SplittableRandom(seed);
        int t = 0;
        while (!detector.observe(random.nextDouble() < accuracy)) {
            t++;
        }
        return t;
    }
}
