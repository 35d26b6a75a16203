package io.shepherd.streams.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * Which data a model version's drift is measured against, unless its DEPLOYED or REFERENCE_DECLARED lifecycle event
 * names another. Mirrors the Avro {@code ReferenceWindowSpec}: {@link Kind} has the same names as the Avro
 * {@code ReferenceKind}, so {@code Kind.valueOf(avroKind.name())} converts. Only the field of the kind is kept; the
 * others are dropped, so that overriding {@code kind} alone works over any default.
 *
 * @param kind           how the reference is chosen
 * @param events         N for FIRST_EVENTS
 * @param duration       T for FIRST_DURATION
 * @param rangeStart     inclusive start for PINNED_RANGE
 * @param rangeEnd       exclusive end for PINNED_RANGE
 * @param referenceSetId the explicit set published to the reference topic, for EXPLICIT_SET
 */
public record ReferenceSpec(Kind kind, Long events, Duration duration, Instant rangeStart, Instant rangeEnd,
                            String referenceSetId) {

    /** Same symbols as the Avro enum {@code io.shepherd.events.ReferenceKind}. */
    public enum Kind { FIRST_EVENTS, FIRST_DURATION, EXPLICIT_SET, PINNED_RANGE }

    public ReferenceSpec {
        Checks.required("reference.kind", kind);
        events = kind == Kind.FIRST_EVENTS ? events : null;
        duration = kind == Kind.FIRST_DURATION ? duration : null;
        rangeStart = kind == Kind.PINNED_RANGE ? rangeStart : null;
        rangeEnd = kind == Kind.PINNED_RANGE ? rangeEnd : null;
        referenceSetId = kind == Kind.EXPLICIT_SET ? referenceSetId : null;
        switch (kind) {
            case FIRST_EVENTS -> {
                if (Checks.required("reference.events (for FIRST_EVENTS)", events) < 1) {
                    throw new IllegalArgumentException("reference.events must be >= 1, got " + events);
                }
            }
            case FIRST_DURATION -> Checks.positive("reference.duration (for FIRST_DURATION)", duration);
            case EXPLICIT_SET -> {
                if (referenceSetId == null || referenceSetId.isBlank()) {
                    throw new IllegalArgumentException("reference.referenceSetId is required for EXPLICIT_SET");
                }
            }
            case PINNED_RANGE -> {
                Checks.required("reference.rangeStart (for PINNED_RANGE)", rangeStart);
                Checks.required("reference.rangeEnd (for PINNED_RANGE)", rangeEnd);
                if (!rangeEnd.isAfter(rangeStart)) {
                    throw new IllegalArgumentException("reference.rangeEnd (" + rangeEnd + ") must be after rangeStart ("
                            + rangeStart + ")");
                }
            }
        }
    }

    public static ReferenceSpec firstEvents(long n) {
        return new ReferenceSpec(Kind.FIRST_EVENTS, n, null, null, null, null);
    }

    public static ReferenceSpec firstDuration(Duration t) {
        return new ReferenceSpec(Kind.FIRST_DURATION, null, t, null, null, null);
    }

    public static ReferenceSpec explicitSet(String referenceSetId) {
        return new ReferenceSpec(Kind.EXPLICIT_SET, null, null, null, null, referenceSetId);
    }

    public static ReferenceSpec pinnedRange(Instant start, Instant end) {
        return new ReferenceSpec(Kind.PINNED_RANGE, null, null, start, end, null);
    }
}
