package io.shepherd.streams.policy;

/**
 * A policy that cannot be used: malformed JSON, an unknown field, a value of the wrong type or out of range. The
 * message names the model (or the defaults) and the field, so it can go to a dead letter or a start-up error as is.
 */
public final class PolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final String problem;

    PolicyException(String owner, String problem) {
        super(owner + ": " + problem);
        this.owner = owner;
        this.problem = problem;
    }

    /** "model 'fraud-scorer'" or "policy defaults": whose policy was refused. */
    public String owner() {
        return owner;
    }

    /** What is wrong, without the owner. */
    public String problem() {
        return problem;
    }
}
