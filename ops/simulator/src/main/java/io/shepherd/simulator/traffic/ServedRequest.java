package io.shepherd.simulator.traffic;

import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PredictionServed;

/** One simulated request: the prediction, the features it saw and its ground truth, dated when it will arrive. */
public record ServedRequest(PredictionServed prediction, FeaturesObserved features, OutcomeObserved outcome) {
}
