package io.shepherd.streams.performance;

import io.shepherd.lifecycle.ModelHistory;
import io.shepherd.streams.policy.ReferenceSpec;

/**
 * Whether a prediction falls in its version's reference window, whose labelled performance is the baseline: the
 * window its lifecycle event declares or, where it declares none, the one its policy names (as for drift).
 */
final class References {

    private References() {
    }

    /**
     * @param servedSoFar predictions of the version already counted in its reference
     */
    static boolean contains(ModelHistory.VersionState version, ReferenceSpec policy, long eventTime, long servedSoFar) {
        ModelHistory.Reference ref = version.reference() != null ? version.reference() : fromPolicy(policy);
        if (ref == null || ref.kind() == null) {
            return false;
        }
        return switch (ref.kind()) {
            case "FIRST_EVENTS" -> ref.events() != null && servedSoFar < ref.events();
            case "FIRST_DURATION" -> ref.durationMs() != null && eventTime >= version.deployedAt()
                    && eventTime < version.deployedAt() + ref.durationMs();
            case "PINNED_RANGE" -> ref.rangeStart() != null && ref.rangeEnd() != null && eventTime >= ref.rangeStart()
                    && eventTime < ref.rangeEnd();
            default -> false;
        };
    }

    private static ModelHistory.Reference fromPolicy(ReferenceSpec spec) {
        return new ModelHistory.Reference(spec.kind().name(), spec.events(),
                spec.duration() == null ? null : spec.duration().toMillis(),
                spec.rangeStart() == null ? null : spec.rangeStart().toEpochMilli(),
                spec.rangeEnd() == null ? null : spec.rangeEnd().toEpochMilli(), spec.referenceSetId());
    }
}
