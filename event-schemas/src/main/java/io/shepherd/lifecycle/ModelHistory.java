package io.shepherd.lifecycle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.ReferenceKind;
import io.shepherd.events.ReferenceWindowSpec;

/**
 * The state of one model derived from its lifecycle events: which versions were deployed, in which role, against
 * which reference, and which were rolled back. Pure: {@link #evolve} folds one event in and ignores replays.
 */
public record ModelHistory(String modelId, List<VersionState> versions, List<String> appliedEventIds) {

    public enum Status { SERVING, REPLACED, ROLLED_BACK, RETIRED }

    /** How a version's reference window is chosen; null fields do not apply to the kind. */
    public record Reference(String kind, Long events, Long durationMs, Long rangeStart, Long rangeEnd, String referenceSetId) {
    }

    public record VersionState(String version, String variant, long deployedAt, Status status, Reference reference,
                               Map<String, Double> baseline, boolean everRolledBack) {

        VersionState with(Status newStatus) {
            return new VersionState(version, variant, deployedAt, newStatus, reference, baseline, everRolledBack || newStatus == Status.ROLLED_BACK);
        }
    }

    public ModelHistory {
        versions = List.copyOf(versions);
        appliedEventIds = List.copyOf(appliedEventIds);
    }

    public static ModelHistory empty(String modelId) {
        return new ModelHistory(modelId, List.of(), List.of());
    }

    public static ModelHistory evolve(ModelHistory history, ModelLifecycle event) {
        if (history.appliedEventIds.contains(event.getEventId())) {
            return history;
        }
        List<VersionState> versions = new ArrayList<>(history.versions);
        String to = event.getToVersion();
        String from = event.getFromVersion();
        long time = event.getEventTime().toEpochMilli();
        Reference reference = reference(event.getReference());
        switch (event.getType()) {
            case DEPLOYED -> {
                String variant = event.getVariant().name();
                if (variant.equals("CHAMPION")) {
                    versions.replaceAll(v -> v.status() == Status.SERVING && v.variant().equals("CHAMPION") && !v.version().equals(to)
                            ? v.with(Status.REPLACED) : v);
                }
                versions.removeIf(v -> v.version().equals(to));
                versions.add(new VersionState(to, variant, time, Status.SERVING, reference, Map.copyOf(event.getBaseline()),
                        history.version(to).map(VersionState::everRolledBack).orElse(false)));
            }
            case REFERENCE_DECLARED -> versions.replaceAll(v -> v.version().equals(to)
                    ? new VersionState(v.version(), v.variant(), v.deployedAt(), v.status(), reference,
                            event.getBaseline().isEmpty() ? v.baseline() : Map.copyOf(event.getBaseline()), v.everRolledBack())
                    : v);
            case PROMOTED -> versions.replaceAll(v -> v.version().equals(to)
                    ? new VersionState(v.version(), "CHAMPION", v.deployedAt(), Status.SERVING, v.reference(), v.baseline(), v.everRolledBack())
                    : v.status() == Status.SERVING && v.variant().equals("CHAMPION") ? v.with(Status.REPLACED) : v);
            case ROLLED_BACK -> versions.replaceAll(v -> v.version().equals(from) ? v.with(Status.ROLLED_BACK)
                    : v.version().equals(to) ? new VersionState(v.version(), "CHAMPION", v.deployedAt(), Status.SERVING, v.reference(),
                            v.baseline(), v.everRolledBack()) : v);
            case RETIRED -> versions.replaceAll(v -> v.version().equals(to) ? v.with(Status.RETIRED) : v);
            default -> throw new IllegalArgumentException("unknown lifecycle event type " + event.getType());
        }
        List<String> applied = new ArrayList<>(history.appliedEventIds);
        applied.add(event.getEventId());
        return new ModelHistory(history.modelId, versions, applied);
    }

    public Optional<VersionState> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** The serving champion, if any. */
    public Optional<VersionState> champion() {
        return versions.stream().filter(v -> v.status() == Status.SERVING && v.variant().equals("CHAMPION"))
                .max(Comparator.comparingLong(VersionState::deployedAt));
    }

    /** The newest version deployed before {@code version} that served as champion and was never rolled back. */
    public Optional<VersionState> lastKnownGoodBefore(String version) {
        long deployedAt = version(version).map(VersionState::deployedAt).orElse(Long.MAX_VALUE);
        return versions.stream()
                .filter(v -> !v.version().equals(version) && v.deployedAt() < deployedAt && !v.everRolledBack())
                .filter(v -> v.variant().equals("CHAMPION") && v.status() != Status.RETIRED)
                .max(Comparator.comparingLong(VersionState::deployedAt));
    }

    private static Reference reference(ReferenceWindowSpec spec) {
        if (spec == null) {
            return null;
        }
        ReferenceKind kind = spec.getKind();
        return new Reference(kind.name(), spec.getEvents(), spec.getDurationMs(),
                spec.getRangeStart() == null ? null : spec.getRangeStart().toEpochMilli(),
                spec.getRangeEnd() == null ? null : spec.getRangeEnd().toEpochMilli(), spec.getReferenceSetId());
    }

}
