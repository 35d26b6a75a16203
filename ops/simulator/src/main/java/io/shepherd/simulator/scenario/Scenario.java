package io.shepherd.simulator.scenario;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.shepherd.simulator.model.ModelSpec;

/**
 * A scripted run of the fleet: what is deployed when, and how each version's traffic changes over time. Pure: the
 * same scenario and elapsed time always give the same traffic.
 *
 * @param expect            what Shepherd should say about it, for the timeline and the docs
 * @param endsWithRollback  whether Shepherd should roll a version back and the model recover: the run ends there
 */
public record Scenario(String name, String description, String expect, boolean endsWithRollback, List<Step> steps) {

    public Scenario {
        steps = steps.stream().sorted(Comparator.comparing(Step::at)).toList();
    }

    /** The traffic of one version of a model {@code elapsed} after the start: healthy, then every change due, in order. */
    public Traffic trafficAt(ModelSpec model, String version, Duration elapsed) {
        Traffic traffic = Traffic.healthy(model);
        for (Step step : steps) {
            if (step instanceof Step.Change change && change.applies(model.id(), version)) {
                traffic = change.apply(traffic, elapsed);
            }
        }
        return traffic;
    }

    /** Steps that fall in (from, to]: what happens between two ticks. */
    public List<Step> stepsBetween(Duration from, Duration to) {
        return steps.stream().filter(s -> s.at().compareTo(from) > 0 && s.at().compareTo(to) <= 0).toList();
    }

    /** When the last step starts (ramps may go on after it). */
    public Duration lastStepAt() {
        return steps.isEmpty() ? Duration.ZERO : steps.get(steps.size() - 1).at();
    }
}
