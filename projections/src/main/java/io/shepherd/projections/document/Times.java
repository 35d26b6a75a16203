package io.shepherd.projections.document;

import java.time.Instant;

/** Dates as Elasticsearch {@code date} fields expect them: ISO-8601 in UTC, or absent. */
public final class Times {

    private Times() {
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
