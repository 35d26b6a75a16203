package io.shepherd.simulator.scenario;

import static io.shepherd.simulator.model.ModelSpec.ETA_REGRESSOR;
import static io.shepherd.simulator.model.ModelSpec.FRAUD_SCORER;
import static io.shepherd.simulator.model.ModelSpec.RECS_RANKER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.shepherd.events.Variant;
import io.shepherd.simulator.model.ModelSpec;

/**
 * The scripted scenarios. Every one starts with v1 of each model serving as champion, long enough for the reference
 * windows (the first events of each version) to fill, then changes one thing.
 */
public final class Scenarios {

    /** The run command's scenario: drift, then a performance drop, then one past the rollback threshold. */
    public static final String DEMO = "demo";
    /** The end-to-end benchmark's scenario: one abrupt failure, from healthy to past the rollback threshold at once. */
    public static final String SUDDEN_FAILURE = "sudden-failure";
    /** When {@link #SUDDEN_FAILURE}'s failure starts, after the start of the run. */
    public static final Duration SUDDEN_FAILURE_AT = Duration.ofSeconds(60);

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(demo(), suddenFailure(), abruptShift(), gradualDrift(), newCategory(), embeddingRotation(), accuracyDecay(), latencySpike(),
                silentModel(), canaryWorse());
    }

    public static Scenario byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no scenario '" + name + "'; known: " + all().stream().map(Scenario::name).toList()));
    }

    static Scenario demo() {
        return scenario(DEMO, "fraud-scorer v2 replaces v1, its inputs shift, then its accuracy decays until Shepherd rolls it back",
                "WARNING (drift) -> CRITICAL (accuracy -7.6 %) -> EMERGENCY (-24 %) -> signed rollback to v1 -> recovery", true,
                new Step.Deploy(seconds(20), FRAUD_SCORER.id(), "v2", Variant.CHAMPION, 1, "fraud-scorer v2 deployed as champion (v1 replaced)"),
                change(50, 0, FRAUD_SCORER, "v2", t -> t.withShift(1.5), "fraud-scorer v2: 'amount' shifts by +1.5 standard deviations"),
                change(80, 0, FRAUD_SCORER, "v2", t -> t.withAccuracy(0.85), "fraud-scorer v2: accuracy decays to 0.85 (baseline 0.92)"),
                change(115, 0, FRAUD_SCORER, "v2", t -> t.withAccuracy(0.70), "fraud-scorer v2: accuracy falls to 0.70"));
    }

    static Scenario suddenFailure() {
        return scenario(SUDDEN_FAILURE, "fraud-scorer v2 replaces v1 and serves well, then at once its inputs shift and its accuracy falls to 0.70",
                "WARNING, CRITICAL and EMERGENCY within a few windows of the failure -> signed rollback to v1 -> recovery", true,
                new Step.Deploy(seconds(20), FRAUD_SCORER.id(), "v2", Variant.CHAMPION, 1, "fraud-scorer v2 deployed as champion (v1 replaced)"),
                change(SUDDEN_FAILURE_AT.toSeconds(), 0, FRAUD_SCORER, "v2", t -> t.withShift(1.5).withAccuracy(0.70),
                        "fraud-scorer v2 fails: 'amount' shifts by +1.5 sd and accuracy falls to 0.70"));
    }

    static Scenario abruptShift() {
        return scenario("abrupt-shift", "the main numeric feature of fraud-scorer jumps by 1.5 standard deviations",
                "WARNING: DriftScored verdict DRIFT on 'amount'",
                change(40, 0, FRAUD_SCORER, null, t -> t.withShift(1.5), "fraud-scorer: 'amount' shifts by +1.5 sd"));
    }

    static Scenario gradualDrift() {
        return scenario("gradual-drift", "fraud-scorer's 'amount' drifts by 2 standard deviations over 90 seconds",
                "WARNING once the drift passes the PSI threshold, part way through the ramp",
                change(40, 90, FRAUD_SCORER, null, t -> t.withShift(2.0), "fraud-scorer: 'amount' starts drifting (+2 sd over 90 s)"));
    }

    static Scenario newCategory() {
        return scenario("new-category", "30 % of fraud-scorer's requests come from a country the reference never saw",
                "WARNING: categorical drift and unseen-category data quality on 'country'",
                change(40, 0, FRAUD_SCORER, null, t -> t.withUnseenShare(0.3), "fraud-scorer: 30 % of requests from country 'BR'"));
    }

    static Scenario embeddingRotation() {
        return scenario("embedding-rotation", "recs-ranker's user embeddings rotate by 0.8 radians",
                "WARNING: embedding drift on 'user_embedding'",
                change(40, 0, RECS_RANKER, null, t -> t.withRotation(0.8), "recs-ranker: 'user_embedding' rotates by 0.8 rad"));
    }

    static Scenario accuracyDecay() {
        return scenario("accuracy-decay", "fraud-scorer's accuracy decays to 0.74 over a minute, its labels arriving 20 s late",
                "CRITICAL then EMERGENCY once the late labels cover the windows; rollback refused (no earlier version)",
                change(10, 0, FRAUD_SCORER, null, t -> t.withLabelDelay(Duration.ofSeconds(20)), "fraud-scorer: labels now arrive 20 s late"),
                change(40, 60, FRAUD_SCORER, null, t -> t.withAccuracy(0.74), "fraud-scorer: accuracy starts decaying to 0.74"));
    }

    static Scenario latencySpike() {
        return scenario("latency-spike", "eta-regressor's median latency goes from 20 ms to 400 ms",
                "CRITICAL: LATENCY_SLA (p99 limit 200 ms in the demo policy)",
                change(40, 0, ETA_REGRESSOR, null, t -> t.withLatencyMs(400), "eta-regressor: latency 400 ms"));
    }

    static Scenario silentModel() {
        return scenario("silent-model", "eta-regressor stops sending predictions",
                "CRITICAL: NO_DATA after the policy's noDataAfter (20 s in the demo policy)",
                change(40, 0, ETA_REGRESSOR, null, t -> t.withRate(0), "eta-regressor: no more traffic"));
    }

    static Scenario canaryWorse() {
        return scenario("canary-worse", "fraud-scorer v2 takes 30 % of the traffic as a canary and is 12 points less accurate",
                "ChallengerCompared WORSE, EMERGENCY for the canary, rollback of the canary to the champion", true,
                new Step.Deploy(seconds(30), FRAUD_SCORER.id(), "v2", Variant.CANARY, 0.3, "fraud-scorer v2 deployed as a 30 % canary"),
                change(30, 0, FRAUD_SCORER, "v2", t -> t.withAccuracy(0.80), "fraud-scorer v2 (canary) answers with accuracy 0.80"));
    }

    private static Scenario scenario(String name, String description, String expect, Step... steps) {
        return scenario(name, description, expect, false, steps);
    }

    private static Scenario scenario(String name, String description, String expect, boolean endsWithRollback, Step... steps) {
        List<Step> all = new ArrayList<>(ModelSpec.FLEET.stream().map(Scenarios::firstDeployment).toList());
        all.addAll(List.of(steps));
        return new Scenario(name, description, expect, endsWithRollback, all);
    }

    private static Step firstDeployment(ModelSpec model) {
        return new Step.Deploy(Duration.ZERO, model.id(), "v1", Variant.CHAMPION, 1, model.id() + " v1 deployed as champion");
    }

    private static Step change(long atSeconds, long rampSeconds, ModelSpec model, String version, UnaryOperator<Traffic> change, String text) {
        return new Step.Change(seconds(atSeconds), seconds(rampSeconds), model.id(), Optional.ofNullable(version), change, text);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    /** Scenario names, for usage messages. */
    public static String names() {
        return String.join(", ", all().stream().map(Scenario::name).toList());
    }
}
