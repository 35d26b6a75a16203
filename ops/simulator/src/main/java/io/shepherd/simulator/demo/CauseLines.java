package io.shepherd.simulator.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shepherd.events.Evidence;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.SourceHealth;
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

    /** Each cause at its source's level; an event from before sources were listed holds its causes at the overall level. */
    private static Map<String, Held> held(ModelHealthChanged h) {
        Map<String, Held> held = new LinkedHashMap<>();
        if (h.getSources().isEmpty() && h.getLevel() != HealthLevel.NONE) {
            h.getCauses().forEach(c -> held.put(c, new Held(h.getLevel(), h.getEvidence())));
        }
        for (SourceHealth s : h.getSources()) {
            s.getCauses().forEach(c -> held.merge(c, new Held(s.getLevel(), s.getEvidence()),
                    (a, b) -> b.level().compareTo(a.level()) > 0 ? b : a));
        }
        return held;
    }
}
