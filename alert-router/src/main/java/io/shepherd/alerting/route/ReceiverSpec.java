package io.shepherd.alerting.route;

import java.util.List;
import java.util.Set;

import io.shepherd.events.HealthLevel;

/** A named receiver and the integrations it notifies, each for the levels it cares about. */
public record ReceiverSpec(String name, List<Integration> integrations) {

    public ReceiverSpec {
        integrations = List.copyOf(integrations);
    }

    /** One way of telling: {@code slack}, {@code pagerduty}, {@code investigation} or {@code rollback}. */
    public record Integration(String type, Set<HealthLevel> levels) {

        public static final Set<String> TYPES = Set.of("slack", "pagerduty", "investigation", "rollback");

        public Integration {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("unknown integration type '" + type + "', expected one of " + TYPES);
            }
            levels = Set.copyOf(levels);
        }
    }
}
