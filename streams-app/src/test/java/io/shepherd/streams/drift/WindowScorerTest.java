package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.shepherd.events.DriftVerdict;
import io.shepherd.streams.health.Signal;

class WindowScorerTest {

    private static Map<String, Object> row(Random r, boolean missing) {
        Map<String, Object> m = new HashMap<>();
        m.put("amount", missing ? null : 100 + 10 * r.nextGaussian());
        m.put("country", new String[] {"DE", "FR"}[r.nextInt(2)]);
        return m;
    }

    @Test
    void aJumpInMissingValuesIsADataQualitySignal() {
        DriftSettings settings = TestSettings.demo(100, 1_000);
        Random random = new Random(3);
        ReferenceState reference = new ReferenceState("m/v1/first-1000", ReferenceState.Kind.FIRST_EVENTS, 1_000, 0, Long.MAX_VALUE,
                new FeatureSketches(100, 200));
        for (int i = 0; i < 1_000; i++) {
            reference.add(row(random, i % 50 == 0));
        }
        FeatureSketches current = new FeatureSketches(100, 200);
        for (int i = 0; i < 500; i++) {
            current.add(row(random, i % 4 == 0), reference::anchor);
        }

        WindowScorer.Result result = WindowScorer.score(reference, current, settings);

        FeatureVerdict amount = result.features().stream().filter(v -> v.feature().equals("amount")).findFirst().orElseThrow();
        assertThat(amount.scores().get("missing_rate_jump")).isCloseTo(0.25 - 0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.signals()).extracting(Signal::cause, Signal::subject, Signal::detail)
                .contains(org.assertj.core.groups.Tuple.tuple(Signal.DATA_QUALITY, "amount", "missing_rate_jump"));
        assertThat(result.signals()).noneMatch(s -> s.subject().equals("country"));
    }

    @Test
    void eachFeatureIsScoredOverItsOwnValuesNotTheRecordsOfEveryTopic() {
        DriftSettings settings = TestSettings.demo(100, 1_000);
        Random random = new Random(5);
        ReferenceState reference = new ReferenceState("m/v1/first-1000", ReferenceState.Kind.FIRST_EVENTS, 1_000, 0, Long.MAX_VALUE,
                new FeatureSketches(100, 200));
        FeatureSketches current = new FeatureSketches(100, 200);
        for (int i = 0; i < 2_000; i++) {
            // a features record and a predictions record per request: the window holds 4,000 records, 2,000 amounts
            reference.add(row(random, false));
            reference.add(Map.of(Observation.SCORE, random.nextDouble()));
            current.add(row(random, i % 4 == 0), reference::anchor);
            current.add(Map.of(Observation.SCORE, random.nextDouble()), reference::anchor);
        }

        WindowScorer.Result result = WindowScorer.score(reference, current, settings);

        FeatureVerdict amount = result.features().stream().filter(v -> v.feature().equals("amount")).findFirst().orElseThrow();
        assertThat(amount.sampleSize()).isEqualTo(1_500);
        assertThat(amount.referenceSize()).isEqualTo(2_000);
        FeatureVerdict score = result.features().stream().filter(v -> v.feature().equals(Observation.SCORE)).findFirst().orElseThrow();
        assertThat(score.sampleSize()).isEqualTo(2_000);
    }

    @Test
    void aSmallWindowWhosePsiPassesItsLimitByChanceIsNoDriftUnlessItsTestRejectsAtTheBudget() {
        Random random = new Random(11);
        ReferenceState reference = new ReferenceState("m/v1/first-1000", ReferenceState.Kind.FIRST_EVENTS, 1_000, 0, Long.MAX_VALUE,
                new FeatureSketches(100, 200));
        for (int i = 0; i < 1_000; i++) {
            reference.add(Map.of("amount", 100 + 10 * random.nextGaussian()));
        }
        int sizeAlone = 0;
        int tested = 0;
        for (int w = 0; w < 300; w++) {
            // 100 values of the reference's own distribution: now and then their PSI passes 0.2 from noise alone.
            FeatureSketches current = new FeatureSketches(100, 200);
            for (int i = 0; i < 100; i++) {
                current.add(Map.of("amount", 100 + 10 * random.nextGaussian()), reference::anchor);
            }
            FeatureVerdict bySize = amount(WindowScorer.score(reference, current, TestSettings.demo(100, 1_000, 0)));
            FeatureVerdict byTest = amount(WindowScorer.score(reference, current, TestSettings.demo(100, 1_000, 1e6)));
            sizeAlone += bySize.verdict() == DriftVerdict.DRIFT ? 1 : 0;
            tested += byTest.verdict() == DriftVerdict.DRIFT ? 1 : 0;
            assertThat(bySize.scores()).doesNotContainKey("drift_test_p");
            // One feature, 100 values added per window of two panes: alpha = 50 / 10^6.
            assertThat(byTest.scores().get("drift_test_alpha")).isEqualTo(50 / 1e6);
            assertThat(byTest.pValue()).isEqualTo(byTest.scores().get("drift_test_p")).isEqualTo(byTest.scores().get("ks_p"));
        }
        assertThat(sizeAlone).as("windows over the PSI limit by chance").isGreaterThanOrEqualTo(3);
        assertThat(tested).isZero();
    }

    @Test
    void aRealShiftDriftsWithTheTestAsBySizeAlone() {
        Random random = new Random(12);
        ReferenceState reference = new ReferenceState("m/v1/first-1000", ReferenceState.Kind.FIRST_EVENTS, 1_000, 0, Long.MAX_VALUE,
                new FeatureSketches(100, 200));
        for (int i = 0; i < 1_000; i++) {
            reference.add(Map.of("amount", 100 + 10 * random.nextGaussian(), "country", random.nextBoolean() ? "DE" : "FR"));
        }
        FeatureSketches current = new FeatureSketches(100, 200);
        for (int i = 0; i < 400; i++) {
            // amount up by 1 sd; country 80 % DE instead of 50 %.
            current.add(Map.of("amount", 110 + 10 * random.nextGaussian(), "country", random.nextDouble() < 0.8 ? "DE" : "FR"),
                    reference::anchor);
        }

        WindowScorer.Result result = WindowScorer.score(reference, current, TestSettings.demo(100, 1_000, 1e6));

        assertThat(result.features()).extracting(FeatureVerdict::feature, FeatureVerdict::verdict).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("amount", DriftVerdict.DRIFT), org.assertj.core.groups.Tuple.tuple("country", DriftVerdict.DRIFT));
        // Two features tested, 200 values added per window: alpha = 200 / (2 x 10^6), which both p-values are far below.
        assertThat(result.features()).allSatisfy(v -> {
            assertThat(v.scores().get("drift_test_alpha")).isEqualTo(200 / 2e6);
            assertThat(v.scores().get("drift_test_p")).isLessThan(1e-10);
        });
    }

    private static FeatureVerdict amount(WindowScorer.Result result) {
        return result.features().stream().filter(v -> v.feature().equals("amount")).findFirst().orElseThrow();
    }
}
