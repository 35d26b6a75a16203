package io.shepherd.simulator.model;

/** The kinds of model the simulator serves, each with its own features, predictions and ground truth. */
public enum ModelKind {
    /** Two classes with probabilities; numeric and categorical features. */
    CLASSIFIER,
    /** A numeric prediction and a numeric ground truth. */
    REGRESSOR,
    /** Two classes, with a float-array embedding among its features. */
    EMBEDDING_CLASSIFIER
}
