package io.shepherd.streams.policy;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** The validation messages of the policy records, worded once so every field reads the same. */
final class Checks {

    private Checks() {}

    static double positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static int atLeast(String field, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(field + " must be >= " + minimum + ", got " + value);
        }
        return value;
    }

    /** A share or a rate: in (0, 1]. */
    static double fraction(String field, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be in (0, 1], got " + value);
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        required(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String oneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + new TreeSet<>(allowed) + ", got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}
