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

    private static final PerformanceLimits LIMITS = PerformanceLimits.of(0.05, 0.15, true);
    /** 920 right of 1,000 labelled reference predictions. */
    private static final SequentialPerformance.Baseline BASELINE = new SequentialPerformance.Baseline(920, 1000, null);

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
        assertThat(run(new SequentialPerformance(), evenly(0.20), 5_000, new SequentialPerformance.Baseline(92, 99, null), LIMITS)).isEmpty();
        PerformanceLimits off = new PerformanceLimits(0.05, 0.15, true, LIMITS.labelDelay(), 100, 0.5, 0.95, null, 0.05, 0);
        assertThat(run(new SequentialPerformance(), evenly(0.20), 5_000, BASELINE, off)).isEmpty();
    }

    @Test
    void aDeclaredBaselineIsTakenAsExactAndDecidesSooner() {
        List<Rise> measured = run(new SequentialPerformance(), evenly(0.80), 5_000, BASELINE, LIMITS);
        List<Rise> declared = run(new SequentialPerformance(), evenly(0.80), 5_000, new SequentialPerformance.Baseline(0, 0, 0.92), LIMITS);

        assertThat(declared.get(0).label()).isLessThan(measured.get(0).label());
        assertThat(declared.get(0).raise().signal().facts().referenceSize()).isNull();
        assertThat(measured.get(0).raise().signal().facts().referenceSize()).isEqualTo(1000L);
    }

    @Test
    void aBaselineThatGrowsTightensTheNullAndSoDecidesSooner() {
        SequentialPerformance grown = new SequentialPerformance();
        // The detectors start on 1,000 reference labels; the reference then reaches 100,000 labels, as tight as it gets.
        run(grown, evenly(0.92), 1_000, BASELINE, LIMITS);
        run(grown, evenly(0.92), 1_000, new SequentialPerformance.Baseline(92_000, 100_000, null), LIMITS);
        // 0.83 is 9.8 % below 0.92: under the 1,000-label bound's null (0.841) by little, under the tight one's (0.871) by much.
        List<Rise> tight = run(grown, evenly(0.83), 20_000, new SequentialPerformance.Baseline(92_000, 100_000, null), LIMITS);
        List<Rise> loose = run(new SequentialPerformance(), evenly(0.83), 20_000, BASELINE, LIMITS);

        assertThat(tight).isNotEmpty();
        assertThat(tight.get(0).label()).isLessThan(5_000);
        assertThat(loose.isEmpty() || tight.get(0).label() < loose.get(0).label()).isTrue();
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
            Optional<SequentialPerformance.Raise> raise = s.labelled(labels.right(i), i * 1000, level, baseline, limits);
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
