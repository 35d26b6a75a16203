package io.shepherd.simulator.scenario;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.shepherd.events.Variant;

/** One scripted event of a scenario, at an offset from its start. */
public sealed interface Step {

    Duration at();

    String modelId();

    /** What the step does, for the timeline. */
    String describe();

    /**
     * The traffic of a model (one version, or all when {@code version} is empty) changes, at once or linearly over
     * {@code ramp}.
     */
    record Change(Duration at, Duration ramp, String modelId, Optional<String> version, UnaryOperator<Traffic> change,
                  String describe) implements Step {

        public Change {
            if (ramp.isNegative()) {
                throw new IllegalArgumentException("ramp must not be negative: " + ramp);
            }
        }

        boolean applies(String model, String v) {
            return modelId.equals(model) && version.map(v::equals).orElse(true);
        }

        /** Applied at {@code elapsed}: nothing before {@link #at}, then the ramp's share of the change. */
        Traffic apply(Traffic before, Duration elapsed) {
            if (elapsed.compareTo(at) < 0) {
                return before;
            }
            Traffic after = change.apply(before);
            if (ramp.isZero()) {
                return after;
            }
            return before.towards(after, (double) elapsed.minus(at).toMillis() / ramp.toMillis());
        }
    }

    /** A version of a model is deployed: a new champion replaces the old one; a canary takes a share of the traffic. */
    record Deploy(Duration at, String modelId, String version, Variant variant, double share, String describe) implements Step {

        public Deploy {
            if (share <= 0 || share > 1) {
                throw new IllegalArgumentException("share must be in (0, 1]: " + share);
            }
        }
    }
}
