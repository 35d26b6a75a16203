package io.shepherd.projections.document;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shepherd.projections.actions.AlertProjections;
import io.shepherd.projections.actions.InvestigationProjection;
import io.shepherd.projections.actions.RetrainingProjection;
import io.shepherd.projections.actions.RollbackProjection;
import io.shepherd.projections.challenger.ChallengerProjection;
import io.shepherd.projections.deadletter.DeadLetterProjection;
import io.shepherd.projections.drift.DriftScoreProjection;
import io.shepherd.projections.health.ModelHealthProjection;
import io.shepherd.projections.performance.PerformanceProjection;
import io.shepherd.projections.serving.ServingHealthProjection;

/** Every projection, found by the type of the event it maps. */
public final class ProjectionCatalog {

    public static final List<Projection<?>> ALL = List.of(
            new DriftScoreProjection(), new ModelHealthProjection(), new PerformanceProjection(),
            new ServingHealthProjection(), new ChallengerProjection(), new RetrainingProjection(),
            new InvestigationProjection(), new AlertProjections.Fired(), new AlertProjections.Resolved(),
            new RollbackProjection(), new DeadLetterProjection());

    private static final Map<Class<?>, Projection<?>> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Projection::eventType, Function.identity()));

    private ProjectionCatalog() {
    }

    /** The document of an event, or empty if no projection maps its type. */
    public static Optional<ProjectedDocument> toDocument(Object event) {
        @SuppressWarnings("unchecked")
        Projection<Object> projection = (Projection<Object>) BY_TYPE.get(event.getClass());
        return Optional.ofNullable(projection).map(p -> p.toDocument(event));
    }

    /** The topics that feed the given indices. */
    public static List<String> topicsOf(Collection<ProjectionIndex> indices) {
        return indices.stream().flatMap(i -> i.topics().stream()).distinct().toList();
    }
}
