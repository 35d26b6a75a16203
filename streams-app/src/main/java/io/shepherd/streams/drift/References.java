package io.shepherd.streams.drift;

import io.shepherd.lifecycle.ModelHistory;

/** The reference window of a version, as its lifecycle events declare it or, where they do not, as its policy says. */
final class References {

    private References() {
    }

    static ReferenceState create(Observation first, ModelHistory.VersionState version, DriftSettings settings) {
        ModelHistory.Reference declared = version.reference();
        ReferenceState.Kind kind = declared == null ? settings.referenceKind() : ReferenceState.Kind.valueOf(declared.kind());
        long deployedAt = version.deployedAt();
        FeatureSketches sketches = new FeatureSketches(settings.compression(), settings.maxCategories());
        String base = first.modelId() + "/" + first.modelVersion() + "/";
        return switch (kind) {
            case FIRST_EVENTS -> {
                long n = declared != null && declared.events() != null ? declared.events() : settings.referenceEvents();
                yield new ReferenceState(base + "first-" + n, kind, n, deployedAt, Long.MAX_VALUE, sketches);
            }
            case FIRST_DURATION -> {
                long t = declared != null && declared.durationMs() != null ? declared.durationMs() : settings.referenceDurationMs();
                yield new ReferenceState(base + "first-" + t + "ms", kind, 0, deployedAt, deployedAt + t, sketches);
            }
            case PINNED_RANGE -> {
                boolean fromLifecycle = declared != null && declared.rangeStart() != null && declared.rangeEnd() != null;
                long start = fromLifecycle ? declared.rangeStart() : settings.referenceRangeStart();
                long end = fromLifecycle ? declared.rangeEnd() : settings.referenceRangeEnd();
                yield new ReferenceState(base + "range-" + start + "-" + end, kind, 0, start, end, sketches);
            }
            case EXPLICIT_SET -> {
                long n = declared != null && declared.events() != null ? declared.events() : settings.minSamples();
                String set = declared != null && declared.referenceSetId() != null ? declared.referenceSetId() : "explicit";
                yield new ReferenceState(base + "set-" + set, kind, n, deployedAt, Long.MAX_VALUE, sketches);
            }
        };
    }
}
