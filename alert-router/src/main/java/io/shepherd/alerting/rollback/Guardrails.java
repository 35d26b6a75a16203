package io.shepherd.alerting.rollback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.shepherd.lifecycle.ModelHistory;

/**
 * Whether an EMERGENCY may roll a model version back, and to what. A canary goes back to the serving champion; a
 * champion to the newest earlier champion never rolled back. Pure: the same history and past give the same answer.
 */
public final class Guardrails {

    static final Duration DAY = Duration.ofDays(1);

    private Guardrails() {
    }

    /**
     * @param variant CHAMPION, CANARY or SHADOW: the role of {@code version} when it went EMERGENCY
     * @param at      event time of the EMERGENCY
     * @param past    rollbacks of this model requested or done before, dry runs included
     */
    public static RollbackDecision decide(String version, String variant, Instant at, ModelHistory history, List<PastRollback> past,
                                          GuardrailPolicy policy) {
        if (!policy.allowed()) {
            return new RollbackDecision.Refused("automatic rollback is disabled by the policy of " + history.modelId());
        }
        if (variant.equals("SHADOW")) {
            return new RollbackDecision.Refused(version + " is a shadow: it serves nobody, there is nothing to roll back");
        }
        Optional<String> target = variant.equals("CANARY")
                ? history.champion().map(ModelHistory.VersionState::version).filter(v -> !v.equals(version))
                : history.lastKnownGoodBefore(version).map(ModelHistory.VersionState::version);
        if (target.isEmpty()) {
            return new RollbackDecision.Refused("no known-good version of " + history.modelId() + " before " + version + " in the lifecycle history");
        }
        String to = target.get();
        List<PastRollback> real = past.stream().filter(p -> !p.dryRun()).toList();
        if (history.version(to).map(ModelHistory.VersionState::everRolledBack).orElse(false)
                || real.stream().anyMatch(p -> p.fromVersion().equals(to))) {
            return new RollbackDecision.Refused("target " + to + " was itself rolled back before: refusing a rollback loop");
        }
        Optional<PastRollback> latest = real.stream().filter(p -> !p.at().isAfter(at)).max(java.util.Comparator.comparing(PastRollback::at));
        if (latest.isPresent() && Duration.between(latest.get().at(), at).compareTo(policy.cooldown()) < 0) {
            return new RollbackDecision.Refused("cool-down: " + history.modelId() + " was rolled back at " + latest.get().at()
                    + ", less than " + policy.cooldown() + " ago");
        }
        long inLastDay = real.stream().filter(p -> !p.at().isAfter(at) && p.at().isAfter(at.minus(DAY))).count();
        if (inLastDay >= policy.maxPerDay()) {
            return new RollbackDecision.Refused(history.modelId() + " was rolled back " + inLastDay + " times in the last 24 h (limit "
                    + policy.maxPerDay() + ")");
        }
        return new RollbackDecision.Approved(version, to, policy.dryRun());
    }
}
