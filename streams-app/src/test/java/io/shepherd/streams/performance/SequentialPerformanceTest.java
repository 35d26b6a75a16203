package io.shepherd.streams.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.policy.PerformanceLimits;

/**
 * The sequential decision on one version's accuracy, label by label, with the product's limits: 5 % for CRITICAL, 15 %
 * for EMERGENCY, 100 labels, 95 % confidence, one false rise per 10^6 labelled predictions.
 */
class SequentialPerformanceTest {

    /** The reference alone: the following baseline has its own tests. */
    private static final PerformanceLimits LIMITS = new PerformanceLimits(0.05, 0.15, true, java.time.Duration.ofDays(7), 100, 0.5, 0.95,
            null, 0.05, 1e6, false);
    private static final PerformanceLimits FOLLOWING = PerformanceLimits.of(0.05, 0.15, true);
    /** Labels are 1 s apart: windows of 1,000 labels. */
    private static final long WINDOW_MS = 1_000_000;
    /** 920 right of 1,000 labelled reference predictions. */
    private static final SequentialPerformance.Baseline BASELINE = SequentialPerformance.Baseline.accuracy(920, 1000, null);

    /** The level after each rise, and the label (counted from 1) that decided it. */
    record Rise(HealthLevel level, long label, SequentialPerformance.Raise raise) {}

    @Test
    void aDropToSeventyPercentIsCriticalWithinAFewHundredLabelsAndEmergencyOnTheNextHundred() {
        List<Rise> rises = run(new SequentialPerformance(), evenly(0.70), 5_000, BASELINE, LIMITS);

        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(rises.get(0).label()).isBetween(150L, 400L);
        // The first look at the labels after the rise: 100 labels whose accuracy is at most 0.77 at 95 %, past the limit of 0.782.
        assertThat(rises.get(1).label()).isEqualTo(rises.get(0).label() + 100);
        assertThat(rises.get(1).raise().signal().facts().measured()).isEqualTo(0.70);
        assertThat(rises.get(1).raise().signal().facts().upper()).isLessThan(0.92 * 0.85);
        assertThat(rises.get(1).raise().signal().facts().sampleSize()).isEqualTo(100L);
        assertThat(rises.get(0).raise().signal().threshold()).isEqualTo(0.05);
        assertThat(rises.get(1).raise().signal().threshold()).isEqualTo(0.15);
    }

    @Test
    void aCollapseIsEmergencyWithinDozensOfLabelsByItsOwnProof() {
        List<Rise> rises = run(new SequentialPerformance(), evenly(0.20), 5_000, BASELINE, LIMITS);

        // The CRITICAL detector's null is higher, so it fires first; the EMERGENCY one follows before 100 more labels.
        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(rises.get(1).label()).isLessThan(60);
        assertThat(rises.get(1).raise().signal().detail()).contains("15% under the baseline's lower bound");
    }

    @Test
    void aDropBetweenTheLimitsStaysCritical() {
        // 0.80 is 13 % below 0.92: proven past 5 %, never past 15 % at the upper bound.
        List<Rise> rises = run(new SequentialPerformance(), evenly(0.80), 20_000, BASELINE, LIMITS);

        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL);
    }

    @Test
    void aDropUnderTheCriticalLimitOrNoneIsNeverRaised() {
        assertThat(run(new SequentialPerformance(), evenly(0.92), 200_000, BASELINE, LIMITS)).isEmpty();
        // 0.885 is 3.8 % below the baseline's point, under its 5 % limit.
        assertThat(run(new SequentialPerformance(), evenly(0.885), 200_000, BASELINE, LIMITS)).isEmpty();
    }

    @Test
    void randomLabelsOfAnUnchangedModelRaiseNothingInTwoMillion() {
        SplittableRandom random = new SplittableRandom(17);
        assertThat(run(new SequentialPerformance(), i -> random.nextDouble() < 0.92, 2_000_000, BASELINE, LIMITS)).isEmpty();
    }

    @Test
    void aThirteenPercentDropIsTakenForFifteenInFewRandomRuns() {
        int emergencies = 0;
        for (int seed = 0; seed < 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Rise> rises = run(new SequentialPerformance(), i -> random.nextDouble() < 0.80, 10_000, BASELINE, LIMITS);
            assertThat(rises).as("seed %d", seed).isNotEmpty();
            assertThat(rises.get(0).level()).as("seed %d", seed).isEqualTo(HealthLevel.CRITICAL);
            emergencies += rises.size() > 1 ? 1 : 0;
        }
        assertThat(emergencies).isLessThanOrEqualTo(20);
    }

    @Test
    void nothingIsDecidedWithoutEnoughBaselineLabelsOrWithTheBudgetOff() {
        assertThat(run(new SequentialPerformance(), evenly(0.20), 5_000, SequentialPerformance.Baseline.accuracy(92, 99, null), LIMITS)).isEmpty();
        PerformanceLimits off = new PerformanceLimits(0.05, 0.15, true, LIMITS.labelDelay(), 100, 0.5, 0.95, null, 0.05, 0, true);
        assertThat(run(new SequentialPerformance(), evenly(0.20), 5_000, BASELINE, off)).isEmpty();
    }

    @Test
    void aReferenceWithoutARightPredictionOrWithoutErrorLeavesNothingToProveAndFailsNothing() {
        // A drop below an accuracy of 0, or a rise over an error of 0, cannot be tested: nothing is decided, no exception.
        assertThat(run(new SequentialPerformance(), evenly(0.5), 5_000, SequentialPerformance.Baseline.accuracy(0, 1000, null), LIMITS))
                .isEmpty();
        assertThat(runLosses(new SequentialPerformance(), i -> 1.0, 5_000, SequentialPerformance.Baseline.meanAbsoluteError(1000, 0, 0, null)))
                .isEmpty();
        // An absolute error that overflowed (finite prediction and truth, 1e308 apart in sign) is no observation.
        assertThat(runLosses(new SequentialPerformance(), i -> Math.abs(1e308 - (-1e308)), 5_000,
                SequentialPerformance.Baseline.meanAbsoluteError(1000, 0.8, 0.36, null))).isEmpty();
        // A perfect reference accuracy still has a lower bound below 1: a fall is found.
        assertThat(run(new SequentialPerformance(), evenly(0.5), 5_000, SequentialPerformance.Baseline.accuracy(1000, 1000, null), LIMITS))
                .isNotEmpty();
    }

    @Test
    void aDeclaredBaselineIsTakenAsExactAndDecidesSooner() {
        List<Rise> measured = run(new SequentialPerformance(), evenly(0.80), 5_000, BASELINE, LIMITS);
        List<Rise> declared = run(new SequentialPerformance(), evenly(0.80), 5_000, SequentialPerformance.Baseline.accuracy(0, 0, 0.92), LIMITS);

        assertThat(declared.get(0).label()).isLessThan(measured.get(0).label());
        assertThat(declared.get(0).raise().signal().facts().referenceSize()).isNull();
        assertThat(measured.get(0).raise().signal().facts().referenceSize()).isEqualTo(1000L);
    }

    @Test
    void aBaselineThatGrowsTightensTheNullAndSoDecidesSooner() {
        SequentialPerformance grown = new SequentialPerformance();
        // The detectors start on 1,000 reference labels; the reference then reaches 100,000 labels, as tight as it gets.
        run(grown, evenly(0.92), 1_000, BASELINE, LIMITS);
        run(grown, evenly(0.92), 1_000, SequentialPerformance.Baseline.accuracy(92_000, 100_000, null), LIMITS);
        // 0.83 is 9.8 % below 0.92: under the 1,000-label bound's null (0.841) by little, under the tight one's (0.871) by much.
        List<Rise> tight = run(grown, evenly(0.83), 20_000, SequentialPerformance.Baseline.accuracy(92_000, 100_000, null), LIMITS);
        List<Rise> loose = run(new SequentialPerformance(), evenly(0.83), 20_000, BASELINE, LIMITS);

        assertThat(tight).isNotEmpty();
        assertThat(tight.get(0).label()).isLessThan(5_000);
        assertThat(loose.isEmpty() || tight.get(0).label() < loose.get(0).label()).isTrue();
    }

    @Test
    void aFollowingBaselineJudgesAModelThatImprovedAgainstWhatItDoesNow() {
        // The reference saw 80 %; the model then serves at 95 % for 30 windows and falls to 83 %, 12.6 % below what it did
        // and still above its reference.
        SequentialPerformance.Baseline reference = SequentialPerformance.Baseline.accuracy(800, 1000, null);
        Labels improvedThenFell = i -> i < 30_000 ? evenly(0.95).right(i) : evenly(0.83).right(i);

        List<Rise> following = run(new SequentialPerformance(), improvedThenFell, 40_000, reference, FOLLOWING);
        List<Rise> fixed = run(new SequentialPerformance(), improvedThenFell, 40_000, reference, LIMITS);

        assertThat(fixed).isEmpty();
        assertThat(following).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL);
        assertThat(following.get(0).label()).isBetween(30_000L, 32_000L);
        // The reference and the windows of 1,000 labels (95 % right) that the rise's window was 10 windows past: about 94 %.
        long joined = (following.get(0).label() - 1) / 1000 - 9;
        assertThat(following.get(0).raise().signal().facts().referenceSize()).isEqualTo(1000 + 1000 * joined);
        assertThat(following.get(0).raise().signal().facts().reference()).isEqualTo((800 + 950 * joined) / (1000.0 + 1000 * joined));
    }

    @Test
    void aFollowingBaselineTakesInOnlyWindowsTenWindowsOldWhileTheLevelIsNone() {
        SequentialPerformance s = new SequentialPerformance();
        // 20,000 labels at 92 % (windows 0-19), then 70 %: the rise comes in window 20, when windows 0-10 have joined.
        List<Rise> rises = run(s, i -> i < 20_000 ? evenly(0.92).right(i) : evenly(0.70).right(i), 22_000, BASELINE, FOLLOWING);

        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(rises.get(0).label()).isBetween(20_001L, 21_000L);
        assertThat(rises.get(0).raise().signal().facts().referenceSize()).isEqualTo(1_000L + 11_000L);
        // Nothing joins while the level is up, nor the windows that waited when it rose: after a restart, the same.
        s.restart();
        List<Rise> again = run(s, i -> evenly(0.70).right(i + 22_000), 1_000, BASELINE, FOLLOWING);
        assertThat(again.get(0).raise().signal().facts().referenceSize()).isEqualTo(12_000L);
    }

    @Test
    void aSavedStateDecidesAsTheUninterruptedOne() throws IOException {
        SequentialPerformance uninterrupted = new SequentialPerformance();
        List<Rise> whole = run(uninterrupted, evenly(0.70), 3_000, BASELINE, LIMITS);

        SequentialPerformance first = new SequentialPerformance();
        List<Rise> before = run(first, evenly(0.70), 150, BASELINE, LIMITS);
        SequentialPerformance restored = roundTrip(first);
        assertThat(restored).isEqualTo(first);
        List<Rise> after = run(restored, i -> evenly(0.70).right(i + 150), 2_850, BASELINE, LIMITS, HealthLevel.NONE);

        assertThat(before).isEmpty();
        assertThat(after).extracting(r -> r.label() + 150).containsExactlyElementsOf(whole.stream().map(Rise::label).toList());
        assertThat(after).extracting(Rise::level).containsExactlyElementsOf(whole.stream().map(Rise::level).toList());
    }

    @Test
    void afterARestartTheEvidenceStartsFromNothing() {
        SequentialPerformance s = new SequentialPerformance();
        List<Rise> first = run(s, evenly(0.70), 5_000, BASELINE, LIMITS);
        s.restart();
        List<Rise> again = run(s, evenly(0.70), 5_000, BASELINE, LIMITS);

        assertThat(again).extracting(Rise::label).containsExactlyElementsOf(first.stream().map(Rise::label).toList());
    }

    @Test
    void aRegressorWhoseAbsoluteErrorRisesByHalfIsCriticalThenEmergencyAndUnchangedItIsNever() {
        SplittableRandom random = new SplittableRandom(21);
        SequentialPerformance.Baseline reference = maeReference(random, 1.0);

        assertThat(runLosses(new SequentialPerformance(), i -> Math.abs(random.nextGaussian()), 200_000, reference)).isEmpty();
        List<Rise> rises = runLosses(new SequentialPerformance(), i -> Math.abs(1.5 * random.nextGaussian()), 5_000, reference);

        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL, HealthLevel.EMERGENCY);
        assertThat(rises.get(0).label()).isLessThan(400);
        assertThat(rises.get(1).label() - rises.get(0).label()).isBetween(1L, 400L);
        assertThat(rises).allSatisfy(r -> {
            assertThat(r.raise().signal().subject()).isEqualTo("mae");
            assertThat(r.raise().signal().facts().higherIsBetter()).isFalse();
            assertThat(r.raise().signal().facts().reference()).isCloseTo(Math.sqrt(2 / Math.PI), org.assertj.core.data.Offset.offset(0.05));
            assertThat(r.raise().signal().facts().measured()).isGreaterThan(r.raise().signal().facts().reference());
        });
        assertThat(rises.get(0).raise().signal().detail()).contains("sequential test: mae above").contains("5% over the baseline's upper bound");
        assertThat(rises.get(1).raise().signal().value()).isGreaterThan(0.15);
    }

    @Test
    void aRegressorTwelvePercentWorseIsCriticalButNotEmergency() {
        // Absolute errors vary (their sd is 0.75 of their mean): a bound of the reference's MAE is 9 % above it with
        // 1,000 labels, 2 % with 20,000, so only a large reference lets a 12 % rise be proven past 5 %.
        SplittableRandom random = new SplittableRandom(22);
        SequentialPerformance.Baseline reference = maeReference(random, 1.0, 20_000);

        List<Rise> rises = runLosses(new SequentialPerformance(), i -> Math.abs(1.12 * random.nextGaussian()), 30_000, reference);

        assertThat(rises).extracting(Rise::level).containsExactly(HealthLevel.CRITICAL);
    }

    @Test
    void aDeclaredMeanAbsoluteErrorIsTakenAsExact() {
        SplittableRandom random = new SplittableRandom(23);
        SequentialPerformance.Baseline declared = SequentialPerformance.Baseline.meanAbsoluteError(0, 0, 0, Math.sqrt(2 / Math.PI));

        List<Rise> rises = runLosses(new SequentialPerformance(), i -> Math.abs(1.5 * random.nextGaussian()), 5_000, declared);

        assertThat(rises).isNotEmpty();
        assertThat(rises.get(0).raise().signal().facts().reference()).isEqualTo(Math.sqrt(2 / Math.PI));
        assertThat(rises.get(0).raise().signal().facts().referenceSize()).isNull();
    }

    /** 1,000 absolute errors of a normal error of the given standard deviation: a mean of about 0.8 sd. */
    private static SequentialPerformance.Baseline maeReference(SplittableRandom random, double sd) {
        return maeReference(random, sd, 1_000);
    }

    private static SequentialPerformance.Baseline maeReference(SplittableRandom random, double sd, int labelled) {
        io.shepherd.streams.challenger.stats.RunningMoments moments = new io.shepherd.streams.challenger.stats.RunningMoments();
        for (int i = 0; i < labelled; i++) {
            moments.add(Math.abs(sd * random.nextGaussian()));
        }
        return SequentialPerformance.Baseline.meanAbsoluteError(moments.count(), moments.mean(), moments.variance(), null);
    }

    /** The loss of label i (from 0). */
    interface Losses {
        double loss(long i);
    }

    private static List<Rise> runLosses(SequentialPerformance s, Losses losses, long n, SequentialPerformance.Baseline baseline) {
        List<Rise> rises = new ArrayList<>();
        HealthLevel level = HealthLevel.NONE;
        for (long i = 0; i < n; i++) {
            Optional<SequentialPerformance.Raise> raise = s.labelled(losses.loss(i), i * 1000, level, baseline, LIMITS, WINDOW_MS);
            if (raise.isPresent()) {
                level = raise.get().level();
                rises.add(new Rise(level, i + 1, raise.get()));
            }
        }
        return rises;
    }

    /** Whether label i (from 0) is right. */
    interface Labels {
        boolean right(long i);
    }

    /** Right predictions spread evenly at the given accuracy. */
    private static Labels evenly(double accuracy) {
        return i -> Math.round((i + 1) * accuracy) > Math.round(i * accuracy);
    }

    private static List<Rise> run(SequentialPerformance s, Labels labels, long n, SequentialPerformance.Baseline baseline,
                                  PerformanceLimits limits) {
        return run(s, labels, n, baseline, limits, HealthLevel.NONE);
    }

    /** Feeds n labels one second apart, the level following each rise as the escalation would. */
    private static List<Rise> run(SequentialPerformance s, Labels labels, long n, SequentialPerformance.Baseline baseline,
                                  PerformanceLimits limits, HealthLevel start) {
        List<Rise> rises = new ArrayList<>();
        HealthLevel level = start;
        for (long i = 0; i < n; i++) {
            Optional<SequentialPerformance.Raise> raise = s.labelled(labels.right(i) ? 0 : 1, i * 1000, level, baseline, limits, WINDOW_MS);
            if (raise.isPresent()) {
                assertThat(raise.get().level()).isGreaterThan(level);
                assertThat(raise.get().at()).isEqualTo(i * 1000);
                assertThat(raise.get().since()).isLessThanOrEqualTo(raise.get().at());
                level = raise.get().level();
                rises.add(new Rise(level, i + 1, raise.get()));
            }
        }
        return rises;
    }

    private static SequentialPerformance roundTrip(SequentialPerformance s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            s.write(out);
        }
        return SequentialPerformance.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
