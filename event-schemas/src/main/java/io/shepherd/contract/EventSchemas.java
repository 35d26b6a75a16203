package io.shepherd.contract;

import java.util.List;

import org.apache.avro.Schema;

import io.shepherd.events.AlertFired;
import io.shepherd.events.AlertResolved;
import io.shepherd.events.ChallengerCompared;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.DriftScored;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.InvestigationOpened;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.OutcomeObserved;
import io.shepherd.events.PerformanceScored;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.RetrainingRequested;
import io.shepherd.events.RollbackRequested;
import io.shepherd.events.ServingHealthScored;

/** The top-level events of the contract, each a record written to a topic. Nested types are covered through them. */
public final class EventSchemas {

    public static final List<Schema> ALL = List.of(
            PredictionServed.getClassSchema(),
            FeaturesObserved.getClassSchema(),
            OutcomeObserved.getClassSchema(),
            ModelLifecycle.getClassSchema(),
            DriftScored.getClassSchema(),
            ModelHealthChanged.getClassSchema(),
            PerformanceScored.getClassSchema(),
            ServingHealthScored.getClassSchema(),
            ChallengerCompared.getClassSchema(),
            RetrainingRequested.getClassSchema(),
            AlertFired.getClassSchema(),
            AlertResolved.getClassSchema(),
            InvestigationOpened.getClassSchema(),
            RollbackRequested.getClassSchema(),
            DeadLettered.getClassSchema());

    private EventSchemas() {
    }
}
