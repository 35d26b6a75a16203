package io.shepherd.alerting.route;

import java.util.List;
import java.util.Map;

/** The routing file: the tree, the receivers it names, inhibition rules and labels per model (such as the team). */
public record RoutingConfig(Route root, List<ReceiverSpec> receivers, List<InhibitRule> inhibitRules,
                            Map<String, Map<String, String>> modelLabels) {

    public RoutingConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        modelLabels = Map.copyOf(modelLabels);
    }

    public ReceiverSpec receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("route names an undefined receiver: " + name));
    }

    public Map<String, String> labelsOf(String modelId) {
        return modelLabels.getOrDefault(modelId, Map.of());
    }
}
