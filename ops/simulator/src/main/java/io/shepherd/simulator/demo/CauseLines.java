package io.shepherd.simulator.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.contract.HeldCauses;
import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.text.EvidenceText;

/**
 * The demo's lines about health: the overall level of a model version when it moves, and one line per cause whose
 * own level moves, with that cause's measured fact, so a drift that goes on under a performance drop stays visible.
 * Pure: health events in, lines out.
 */
final class CauseLines {

    private record Held(HealthLevel level, Evidence evidence) {
    }

    private final Map<String, Map<String, Held>> byVersion = new HashMap<>();

    List<String> onHealth(ModelHealthChanged h) {
        String version = h.getModelId() + " " + h.getModelVersion();
        Map<String, Held> before = byVersion.getOrDefault(version, Map.of());
        Map<String, Held> after = held(h);
        byVersion.put(version, after);
        List<String> lines = new ArrayList<>();
        if (h.getLevel() != h.getPreviousLevel()) {
            lines.add(String.format("[level]     %s: %s -> %s", version, h.getPreviousLevel(), h.getLevel()));
        }
        after.forEach((cause, now) -> {
            Held was = before.get(cause);
            if (was == null || was.level() != now.level()) {
                lines.add(String.format("[cause]     %s %s: %s -> %s  %s", version, cause, was == null ? HealthLevel.NONE : was.level(),
                        now.level(), EvidenceText.statement(cause, now.evidence())));
            }
        });
        before.forEach((cause, was) -> {
            if (!after.containsKey(cause)) {
                lines.add(String.format("[cause]     %s %s: %s -> NONE", version, cause, was.level()));
            }
        });
        return lines;
    }

    /** Each cause at its source's level, as the event contract reads it ({@link HeldCauses}, the router's rule too). */
    private static Map<String, Held> held(ModelHealthChanged h) {
        Map<String, Held> held = new LinkedHashMap<>();
        HeldCauses.of(h).forEach((cause, at) -> held.put(cause, new Held(at.level(), at.evidence())));
        return held;
    }
}
