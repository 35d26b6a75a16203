package io.shepherd.simulator.report;

import java.util.List;
import java.util.Optional;

import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.DriftScored;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.RollbackRequested;

/** Turns Shepherd's output events into the report's rows; events the report does not draw give nothing. Pure. */
public final class RunRows {

    private RunRows() {
    }

    public static Optional<Object> of(Object event) {
        if (event instanceof DriftScored d) {
            double value = d.getScores().getOrDefault(d.getDecidingScore(), Double.NaN);
            return Optional.of(new RunData.Drift(d.getWindowEnd().toEpochMilli(), d.getModelId(), d.getModelVersion(), d.getFeature(),
                    d.getDecidingScore(), value, d.getThreshold(), d.getVerdict().name()));
        }
        if (event instanceof ModelHealthChanged h) {
            return Optional.of(new RunData.Level(h.getEventTime().toEpochMilli(), h.getModelId(), h.getModelVersion(), h.getLevel().name(),
                    List.copyOf(h.getCauses()), h.getEvidence() == null ? "" : h.getEvidence().getSummary()));
        }
        if (event instanceof PerformanceScored p) {
            return performance(p);
        }
        if (event instanceof AlertFired a) {
            return Optional.of(new RunData.AlertChange(a.getFiredAt().toEpochMilli(), a.getAlertId(), a.getModelId(), a.getModelVersion(),
                    a.getLevel().name(), a.getTransition().name()));
        }
        if (event instanceof AlertResolved a) {
            return Optional.of(new RunData.AlertChange(a.getResolvedAt().toEpochMilli(), a.getAlertId(), a.getModelId(), a.getModelVersion(),
                    a.getLastLevel().name(), "RESOLVED"));
        }
        if (event instanceof RollbackRequested r) {
            return Optional.of(new RunData.Rollback(r.getRequestedAt().toEpochMilli(), r.getModelId(), r.getFromVersion(), r.getToVersion(),
                    r.getReason(), r.getSignatureKeyId()));
        }
        if (event instanceof ModelLifecycle l) {
            return Optional.of(new RunData.Lifecycle(l.getEventTime().toEpochMilli(), l.getModelId(), l.getType().name(), l.getFromVersion(),
                    l.getToVersion(), l.getActor()));
        }
        return Optional.empty();
    }

    /** Measured windows only: estimates without labels are not performance against the baseline. */
    private static Optional<Object> performance(PerformanceScored p) {
        if (p.getEstimated() || p.getMetrics().isEmpty()) {
            return Optional.empty();
        }
        var metric = p.getMetrics().stream().filter(m -> m.getName().equals(p.getDecidingMetric())).findFirst().orElse(p.getMetrics().get(0));
        return Optional.of(new RunData.Performance(p.getWindowStart().toEpochMilli(), p.getWindowEnd().toEpochMilli(), p.getModelId(),
                p.getModelVersion(), metric.getName(), metric.getValue(), p.getBaseline(), p.getVerdict().name(), p.getRevision()));
    }
}
