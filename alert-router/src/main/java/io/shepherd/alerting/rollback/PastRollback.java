package io.shepherd.alerting.rollback;

import java.time.Instant;

/** A rollback already requested (by a command of this router) or done (by the lifecycle), as the guardrails see it. */
public record PastRollback(String idempotencyKey, String modelId, String fromVersion, String toVersion, Instant at, boolean dryRun) {
}
