package io.shepherd.streams.performance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.shepherd.events.ChallengerCompared;
import io.shepherd.events.ChallengerVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelTask;
import io.shepherd.events.SignificanceTest;
import io.shepherd.events.Variant;
import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.challenger.stats.ChallengerDecision;
import io.shepherd.streams.challenger.stats.ChallengerTests;
import io.shepherd.streams.challenger.stats.TestResult;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.lifecycle.ModelDirectory;
import io.shepherd.streams.policy.ChallengerLimits;
import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.state.LiveObjects;
import io.shepherd.streams.state.TimeKeys;

/**
 * Compares a canary or shadow version's window with the champion's window of the same time: accuracy by a
 * two-proportion z test, latency by Welch's t, scores by Mann-Whitney U. The verdict rests on accuracy, and on latency
 * only when the difference is also large in practice (at least {@value #PRACTICAL_LATENCY_CHANGE} of the champion's
 * mean), because with thousands of requests a 1 ms difference is significant and means nothing; the score test is
 * reported, not decisive, since a different score distribution is neither better nor worse. A canary judged worse
 * asks for EMERGENCY (rolling it back stops the canary), a shadow, which answers no user, for WARNING.
 */
final class ChallengerJudge {

    static final double PRACTICAL_LATENCY_CHANGE = 0.2;

    private final ProcessorContext<String, Object> context;
    private final LiveObjects<PerformanceWindow> windows;
    private final ModelDirectory directory;
    private final Function<String, ModelPolicy> policies;

    ChallengerJudge(ProcessorContext<String, Object> context, LiveObjects<PerformanceWindow> windows, ModelDirectory directory,
                    Function<String, ModelPolicy> policies) {
        this.context = context;
        this.windows = windows;
        this.directory = directory;
        this.policies = policies;
    }

    /** Publishes the comparison and returns the signal it gives the challenger, if it has a verdict. */
    Optional<Signal> compare(WindowPublisher.WindowJudgement j) {
        Optional<ModelHistory.VersionState> champion = directory.model(j.modelId()).flatMap(ModelHistory::champion)
                .filter(c -> !c.version().equals(j.version()));
        if (champion.isEmpty()) {
            return Optional.empty();
        }
        PerformanceWindow champ = windows.get(TimeKeys.of(j.modelId() + "|" + champion.get().version(), j.start()));
        if (champ == null) {
            return Optional.empty();
        }
        PerformanceWindow chal = j.window();
        List<TestResult> decisive = new ArrayList<>();
        List<TestResult> all = new ArrayList<>();
        if (champ.task == ModelTask.CLASSIFICATION && chal.task == ModelTask.CLASSIFICATION) {
            TestResult accuracy = ChallengerTests.twoProportionZ("accuracy", champ.correct(), champ.classification.count(),
                    chal.correct(), chal.classification.count(), true);
            decisive.add(accuracy);
            all.add(accuracy);
        }
        TestResult latency = ChallengerTests.welchT("latency_ms", champ.latency, chal.latency, false);
        all.add(latency);
        if (latency.championValue() > 0 && Math.abs(latency.effectSize()) >= PRACTICAL_LATENCY_CHANGE * latency.championValue()) {
            decisive.add(latency);
        }
        if (champ.scores.count() > 0 && chal.scores.count() > 0) {
            all.add(ChallengerTests.mannWhitneyU("score", champ.scores, chal.scores, true));
        }
        ChallengerLimits limits = policies.apply(j.modelId()).challenger();
        ChallengerDecision decision = decisive.isEmpty()
                ? new ChallengerDecision(ChallengerDecision.Verdict.INSUFFICIENT_DATA, null)
                : ChallengerDecision.decide(decisive, limits.alpha(), limits.minSamples());
        context.forward(new Record<String, Object>(j.modelId(), event(j, champion.get().version(), decision, all), j.end()),
                PerformanceProcessor.CHALLENGER_SINK);
        return signal(decision, chal.variant, limits.alpha());
    }

    /**
     * The challenger's vote: the deciding test's effect size, without a threshold, since alpha limits the p-value, not
     * the effect; alpha is stated in the detail.
     */
    private static Optional<Signal> signal(ChallengerDecision decision, Variant variant, double alpha) {
        if (decision.verdict() == ChallengerDecision.Verdict.INSUFFICIENT_DATA) {
            return Optional.empty();
        }
        TestResult t = decision.deciding();
        boolean worse = decision.verdict() == ChallengerDecision.Verdict.WORSE;
        HealthLevel level = !worse ? HealthLevel.NONE : variant == Variant.CANARY ? HealthLevel.EMERGENCY : HealthLevel.WARNING;
        if (t == null) {
            return Optional.of(new Signal(Signal.CANARY_WORSE, level, "challenger", 0, Double.NaN, decision.verdict().name()));
        }
        String detail = String.format(java.util.Locale.ROOT, "%s %s: challenger %.4f vs champion %.4f, p=%.3g at alpha %s (n=%d vs %d)",
                t.test(), decision.verdict(), t.challengerValue(), t.championValue(), t.pValue(), alpha, t.challengerN(), t.championN());
        Facts facts = Facts.of(t.test()).withMeasured(t.challengerValue(), t.championValue()).withPValue(t.pValue())
                .withHigherIsBetter(t.higherIsBetter()).withSampleSize(t.challengerN()).withReferenceSize(t.championN());
        return Optional.of(new Signal(Signal.CANARY_WORSE, level, t.metric(), Math.abs(t.effectSize()), Double.NaN, detail, facts));
    }

    private static ChallengerCompared event(WindowPublisher.WindowJudgement j, String championVersion, ChallengerDecision decision,
                                            List<TestResult> tests) {
        TestResult deciding = decision.deciding();
        return ChallengerCompared.newBuilder()
                .setEventId("challenger:" + j.modelId() + ":" + championVersion + ":" + j.version() + ":" + j.start() + ":"
                        + j.window().revision)
                .setModelId(j.modelId())
                .setChampionVersion(championVersion)
                .setChallengerVersion(j.version())
                .setChallengerVariant(j.window().variant)
                .setWindowStart(Instant.ofEpochMilli(j.start()))
                .setWindowEnd(Instant.ofEpochMilli(j.end()))
                .setRevision(j.window().revision)
                .setVerdict(ChallengerVerdict.valueOf(decision.verdict().name()))
                .setDecidingTest(deciding == null ? null : deciding.test())
                .setPValue(deciding == null ? null : deciding.pValue())
                .setEffectSize(deciding == null ? null : deciding.effectSize())
                .setTests(tests.stream().map(ChallengerJudge::test).toList())
                .build();
    }

    private static SignificanceTest test(TestResult t) {
        return SignificanceTest.newBuilder().setMetric(t.metric()).setTest(t.test()).setChampionValue(t.championValue())
                .setChallengerValue(t.challengerValue()).setChampionN(t.championN()).setChallengerN(t.challengerN())
                .setStatistic(t.statistic()).setPValue(t.pValue()).setEffectSize(t.effectSize()).setHigherIsBetter(t.higherIsBetter())
                .build();
    }
}
