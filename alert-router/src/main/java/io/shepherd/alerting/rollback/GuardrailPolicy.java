package io.shepherd.alerting.rollback;

import java.time.Duration;

/**
 * The limits on automatic rollbacks of one model.
 *
 * @param allowed    whether the model's policy allows automatic rollback at all
 * @param cooldown   minimum time between two rollbacks of the model
 * @param maxPerDay  most rollbacks of the model within any 24 hours
 * @param dryRun     decide and record, but ask no controller to act
 */
public record GuardrailPolicy(boolean allowed, Duration cooldown, int maxPerDay, boolean dryRun) {
}
