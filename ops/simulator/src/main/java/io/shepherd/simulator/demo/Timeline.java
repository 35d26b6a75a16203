package io.shepherd.simulator.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.shepherd.contract.AlertIds;
import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.InvestigationOpened;
import io.shepherd.events.LifecycleEventType;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PerformanceVerdict;
import io.shepherd.events.RollbackRequested;
import io.shepherd.text.EvidenceText;

/**
 * The demo's reading of Shepherd's output: a line for each thing worth telling (a level change, a cause changing
 * level, an alert, a feature
 * starting to drift, a performance verdict changing, the rollback), and whether the run reached its end: rollback
 * command, rollback done, the rolled-back version's alerts resolved, and the restored version measured healthy in a
 * window after the rollback. Pure: events in, lines out.
 */
public final class Timeline {

    private final CauseLines causes = new CauseLines();
    private final Set<String> drifting = new HashSet<>();
    private final Map<String, PerformanceVerdict> verdicts = new HashMap<>();
    private final Map<String, Long> newestWindow = new HashMap<>();
    private final Map<String, Double> lastAccuracy = new HashMap<>();
    private RollbackRequested rollback;
    private ModelLifecycle rolledBack;
    private boolean alertsResolved;
    private PerformanceScored recovered;

    public List<String> onEvent(Object event) {
        List<String> lines = new ArrayList<>();
        if (event instanceof ModelHealthChanged h) {
            lines.addAll(causes.onHealth(h));
        } else if (event instanceof DriftScored d) {
            drift(d).ifPresent(lines::add);
        } else if (event instanceof PerformanceScored p) {
            performance(p).ifPresent(lines::add);
        } else if (event instanceof AlertFired a) {
            lines.add(String.format("[alert]     %s %s  %s", a.getTransition(), a.getAlertId(),
                    EvidenceText.headline(a.getModelId(), a.getModelVersion(), a.getLevel(), AlertIds.causeOf(a.getAlertId()), a.getEvidence())));
        } else if (event instanceof AlertResolved a) {
            lines.add(String.format("[alert]     RESOLVED %s  (%s, was %s)", a.getAlertId(), a.getReason(), a.getLastLevel()));
            alertsResolved |= rollback != null && a.getModelId().equals(rollback.getModelId())
                    && a.getModelVersion().equals(rollback.getFromVersion());
        } else if (event instanceof InvestigationOpened i) {
            lines.add("[investig.] opened " + i.getInvestigationId() + ": " + i.getSummary());
        } else if (event instanceof RollbackRequested r) {
            lines.add(String.format("[ROLLBACK]  command %s: %s %s -> %s%s, signed with key %s (%s...)", r.getIdempotencyKey(), r.getModelId(),
                    r.getFromVersion(), r.getToVersion(), r.getDryRun() ? " (dry run)" : "", r.getSignatureKeyId(),
                    r.getSignature().substring(0, Math.min(12, r.getSignature().length()))));
            if (!r.getDryRun() && rollback == null) {
                rollback = r;
            }
        } else if (event instanceof ModelLifecycle l) {
            lines.add(String.format("[lifecycle] %s %s %s -> %s by %s", l.getModelId(), l.getType(),
                    l.getFromVersion() == null ? "-" : l.getFromVersion(), l.getToVersion() == null ? "-" : l.getToVersion(),
                    l.getActor()));
            if (l.getType() == LifecycleEventType.ROLLED_BACK && rollback != null && rollback.getIdempotencyKey().equals(l.getCausedBy())) {
                rolledBack = l;
            }
        }
        return lines;
    }

    private Optional<String> drift(DriftScored d) {
        String key = d.getModelId() + " " + d.getModelVersion() + " " + d.getFeature();
        boolean drifts = d.getVerdict() == DriftVerdict.DRIFT;
        if (drifts == drifting.contains(key) || !drifts && d.getVerdict() != DriftVerdict.NO_DRIFT) {
            return Optional.empty();
        }
        if (drifts) {
            drifting.add(key);
        } else {
            drifting.remove(key);
        }
        return Optional.of(String.format("[drift]     %s: %s (%s %.3f, threshold %.3f)", key, drifts ? "DRIFT" : "back to normal",
                d.getDecidingScore(), d.getScores().getOrDefault(d.getDecidingScore(), Double.NaN), d.getThreshold()));
    }

    private Optional<String> performance(PerformanceScored p) {
        if (p.getEstimated() || p.getVerdict() == PerformanceVerdict.INSUFFICIENT_DATA || p.getMetrics().isEmpty()) {
            return Optional.empty();
        }
        String key = p.getModelId() + " " + p.getModelVersion();
        double value = p.getMetrics().get(0).getValue();
        lastAccuracy.put(key + " " + p.getMetrics().get(0).getName(), value);
        if (rollback != null && recovered == null && key.equals(rollback.getModelId() + " " + rollback.getToVersion())
                && p.getVerdict() == PerformanceVerdict.OK && !p.getWindowStart().isBefore(rollback.getRequestedAt())) {
            recovered = p;
            return Optional.of(String.format("[recovery]  %s measured healthy after the rollback: %s %.3f vs baseline %.3f",
                    key, p.getDecidingMetric(), value, p.getBaseline()));
        }
        // Restatements of older windows arrive as their labels do; the line follows the newest window only.
        if (p.getWindowStart().toEpochMilli() < newestWindow.getOrDefault(key, Long.MIN_VALUE)) {
            return Optional.empty();
        }
        newestWindow.put(key, p.getWindowStart().toEpochMilli());
        if (p.getVerdict() == verdicts.put(key, p.getVerdict())) {
            return Optional.empty();
        }
        return Optional.of(String.format("[perf]      %s: %s %s %.3f vs baseline %.3f (drop %s)", key, p.getVerdict(), p.getDecidingMetric(),
                value, p.getBaseline() == null ? Double.NaN : p.getBaseline(), p.getRelativeDrop() == null ? "-" : String.format("%.1f %%", 100 * p.getRelativeDrop())));
    }

    /** The last measured value of each model version's deciding metric, for progress lines. */
    public Map<String, Double> lastMetrics() {
        return Map.copyOf(lastAccuracy);
    }

    public boolean rollbackRequested() {
        return rollback != null;
    }

    public boolean recoveredAfterRollback() {
        return rollback != null && rolledBack != null && alertsResolved && recovered != null;
    }

    /** What the run is still waiting for, in order. */
    public String waitingFor() {
        if (rollback == null) {
            return "a rollback command";
        }
        if (rolledBack == null) {
            return "the deployment controller's ROLLED_BACK";
        }
        if (!alertsResolved) {
            return "the rolled-back version's alerts to resolve";
        }
        return recovered == null ? "a healthy performance window of " + rollback.getToVersion() + " after the rollback" : "nothing";
    }
}
