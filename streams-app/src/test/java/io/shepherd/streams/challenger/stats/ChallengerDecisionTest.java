package io.shepherd.streams.challenger.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.streams.challenger.stats.ChallengerDecision.Verdict;

class ChallengerDecisionTest {

    /** A test on n per side whose challenger value moves by effect, higher being better. */
    static TestResult test(String metric, double p, double effect, long n) {
        return new TestResult(metric, "t", 0.5, 0.5 + effect, n, n, 1, p, effect, true);
    }

    static final TestResult ACCURACY_WORSE = test("accuracy", 0.004, -0.03, 1000);
    static final TestResult LATENCY_BETTER = test("latency", 0.001, 0.2, 1000);
    static final TestResult SCORE_BETTER = test("score", 0.0001, 0.1, 1000);
    static final TestResult ACCURACY_WORSE_AT_0_02 = test("accuracy", 0.02, -0.03, 1000);
    static final TestResult NOTHING = test("score", 0.6, 0.01, 1000);
    static final TestResult SMALL_BUT_WORSE = test("accuracy", 1e-6, -0.5, 20);

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("worse on one metric beats better on another", List.of(SCORE_BETTER, ACCURACY_WORSE), Verdict.WORSE, ACCURACY_WORSE),
                Arguments.of("the most significant better test decides", List.of(LATENCY_BETTER, SCORE_BETTER), Verdict.BETTER, SCORE_BETTER),
                Arguments.of("0.02 is significant alone", List.of(ACCURACY_WORSE_AT_0_02), Verdict.WORSE, ACCURACY_WORSE_AT_0_02),
                Arguments.of("0.02 is not below 0.05 / 3 (Bonferroni)", List.of(ACCURACY_WORSE_AT_0_02, NOTHING, NOTHING), Verdict.NO_DIFFERENCE, ACCURACY_WORSE_AT_0_02),
                Arguments.of("a test on too few samples does not decide", List.of(SMALL_BUT_WORSE, NOTHING), Verdict.NO_DIFFERENCE, NOTHING),
                Arguments.of("every test too small", List.of(SMALL_BUT_WORSE), Verdict.INSUFFICIENT_DATA, SMALL_BUT_WORSE),
                Arguments.of("no tests", List.of(), Verdict.INSUFFICIENT_DATA, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesOnTheBonferroniCorrectedTestsWithEnoughSamples(String name, List<TestResult> tests, Verdict verdict,
            TestResult deciding) {
        ChallengerDecision decision = ChallengerDecision.decide(tests, 0.05, 100);

        assertThat(decision.verdict()).isEqualTo(verdict);
        assertThat(decision.deciding()).isEqualTo(deciding);
    }

    @Test
    void lowerIsBetterTurnsTheDirectionAround() {
        TestResult slower = new TestResult("latency_ms", ChallengerTests.WELCH_T, 100, 120, 500, 500, 5, 1e-5, 20, false);

        assertThat(ChallengerDecision.decide(List.of(slower), 0.05, 100).verdict()).isEqualTo(Verdict.WORSE);
    }

    @Test
    void alphaOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> ChallengerDecision.decide(List.of(NOTHING), 0, 1)).hasMessageContaining("alpha");
    }
}
