package io.shepherd.simulator.deploy;

import io.shepherd.events.ModelLifecycle;

/** What the deployment controller does with a rollback command. */
public sealed interface RollbackDecision {

    /** Rolled back: the next deployments and the lifecycle event that says so. */
    record Applied(Deployments next, ModelLifecycle event) implements RollbackDecision {
    }

    /** Not acted on, with the reason (a forgery, a dry run, a version that no longer serves). */
    record Ignored(String reason) implements RollbackDecision {
    }
}
