package io.shepherd.streams.performance;

import io.shepherd.lifecycle.ModelHistory;

/** Whether a prediction falls in its version's reference window, whose labelled performance is the baseline. */
final class References {

    private References() {
    }

    /**
     * @param servedSoFar predictions of the version already counted in its reference
     */
    static boolean contains(ModelHistory.VersionState version, long eventTime, long servedSoFar) {
        ModelHistory.Reference ref = version.reference();
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
}
