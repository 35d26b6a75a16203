package io.shepherd.simulator.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.events.Variant;
import io.shepherd.simulator.scenario.Step;

/**
 * Which versions of each model serve, as the deployment controller sees them. Immutable: deploying and rolling back
 * return the next state, so the controller's decisions are table-tested.
 */
public record Deployments(Map<String, List<Serving>> byModel) {

    public Deployments {
        byModel = Map.copyOf(byModel);
    }

    public static Deployments none() {
        return new Deployments(Map.of());
    }

    /** A new champion replaces the old one and keeps the canaries; a canary is added beside the champion. */
    public Deployments deploy(Step.Deploy step) {
        List<Serving> next = new ArrayList<>(serving(step.modelId()));
        next.removeIf(s -> s.version().equals(step.version())
                || step.variant() == Variant.CHAMPION && s.variant() == Variant.CHAMPION);
        next.add(new Serving(step.version(), step.variant(), step.variant() == Variant.CHAMPION ? 1 : step.share()));
        return with(step.modelId(), next);
    }

    /** A rolled-back canary stops; a rolled-back champion is replaced by {@code toVersion}. */
    public Deployments rollBack(String modelId, String fromVersion, String toVersion) {
        List<Serving> next = new ArrayList<>(serving(modelId));
        Optional<Serving> from = next.stream().filter(s -> s.version().equals(fromVersion)).findFirst();
        next.removeIf(s -> s.version().equals(fromVersion));
        if (from.map(s -> s.variant() == Variant.CHAMPION).orElse(false)) {
            next.removeIf(s -> s.version().equals(toVersion));
            next.add(new Serving(toVersion, Variant.CHAMPION, 1));
        }
        return with(modelId, next);
    }

    public List<Serving> serving(String modelId) {
        return byModel.getOrDefault(modelId, List.of());
    }

    public Optional<Serving> version(String modelId, String version) {
        return serving(modelId).stream().filter(s -> s.version().equals(version)).findFirst();
    }

    /**
     * The version that answers a request, given a uniform draw {@code u} in [0, 1): canaries take their shares from
     * the bottom of the range, the champion the rest.
     */
    public Optional<Serving> pick(String modelId, double u) {
        double edge = 0;
        for (Serving s : serving(modelId)) {
            if (s.variant() != Variant.CHAMPION) {
                edge += s.share();
                if (u < edge) {
                    return Optional.of(s);
                }
            }
        }
        return serving(modelId).stream().filter(s -> s.variant() == Variant.CHAMPION).findFirst();
    }

    private Deployments with(String modelId, List<Serving> versions) {
        Map<String, List<Serving>> next = new HashMap<>(byModel);
        next.put(modelId, List.copyOf(versions));
        return new Deployments(next);
    }
}
