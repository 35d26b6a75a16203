package io.shepherd.streams.challenger.stats;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a challenger from several tests at once.
 *
 * @param deciding the test that decided: the most significant worse test, else the most significant better one, else
 *                 the smallest p-value among the tests with data enough; for INSUFFICIENT_DATA the test nearest to
 *                 having enough (the largest smaller side), null when there were no tests at all
 */
public record ChallengerDecision(Verdict verdict, TestResult deciding) {

    public enum Verdict { BETTER, NO_DIFFERENCE, WORSE, INSUFFICIENT_DATA }

    private static final Comparator<TestResult> BY_P = Comparator.comparingDouble(TestResult::pValue);

    /**
     * Only tests with at least {@code minSamples} on both sides count; among them Bonferroni's correction holds the
     * family-wise error at alpha: a test is significant at p &lt;= alpha / m, m the number of tests that count. A
     * challenger significantly worse on any metric is WORSE, even when it is better on another: a canary that hurts
     * one metric must stop.
     */
    public static ChallengerDecision decide(List<TestResult> tests, double alpha, long minSamples) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        List<TestResult> counted = tests.stream().filter(t -> t.smallerN() >= minSamples).toList();
        if (counted.isEmpty()) {
            TestResult nearest = tests.stream().max(Comparator.comparingLong(TestResult::smallerN)).orElse(null);
            return new ChallengerDecision(Verdict.INSUFFICIENT_DATA, nearest);
        }
        double level = alpha / counted.size();
        Optional<TestResult> worse = counted.stream().filter(t -> t.challengerWorse(level)).min(BY_P);
        if (worse.isPresent()) {
            return new ChallengerDecision(Verdict.WORSE, worse.get());
        }
        Optional<TestResult> better = counted.stream().filter(t -> t.challengerBetter(level)).min(BY_P);
        if (better.isPresent()) {
            return new ChallengerDecision(Verdict.BETTER, better.get());
        }
        return new ChallengerDecision(Verdict.NO_DIFFERENCE, counted.stream().min(BY_P).orElseThrow());
    }
}
