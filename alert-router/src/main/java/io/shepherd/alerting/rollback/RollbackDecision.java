package io.shepherd.alerting.rollback;

/** What the guardrails decided for one requested rollback. */
public sealed interface RollbackDecision {

    /** Roll {@code fromVersion} back to {@code toVersion}; a dry run only records it. */
    record Approved(String fromVersion, String toVersion, boolean dryRun) implements RollbackDecision {
    }

    /** Not rolled back; a human must decide, and is told why. */
    record Refused(String reason) implements RollbackDecision {
    }
}
