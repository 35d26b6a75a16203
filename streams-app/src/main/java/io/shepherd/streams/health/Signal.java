package io.shepherd.streams.health;

import java.util.Comparator;
import java.util.Objects;

import io.shepherd.events.HealthLevel;

/**
 * One fact judged in one window, bad or good: a drifting feature, a performance drop, a silent stream, or the same
 * measurement found within its threshold (severity {@link HealthLevel#NONE}).
 *
 * <p>New kinds of evidence plug in as new {@code cause} strings; {@link Escalation} only looks at the severity, the
 * cause and {@link #exceedance()}. By convention {@code value} and {@code threshold} are oriented so that a value
 * above the threshold is bad (express a performance drop as the drop, silence as its duration), which makes
 * {@code value / threshold} comparable across causes.
 *
 * @param cause     why: one of the constants below, or a new cause string
 * @param severity  the level this fact alone asks for; NONE for a good fact
 * @param subject   what was measured: a feature, a metric, or {@code "model"}
 * @param value     the measured value, for example a PSI of 0.31
 * @param threshold the policy threshold it was compared with; NaN when there is none
 * @param detail    human-readable context (sample sizes, deciding score); may be null
 * @param facts     what {@code value} is and what it rests on, so a reader can state it without parsing {@code detail}
 */
public record Signal(String cause, HealthLevel severity, String subject, double value, double threshold,
                     String detail, Facts facts) {

    public static final String DRIFT = "DRIFT";
    public static final String DATA_QUALITY = "DATA_QUALITY";
    public static final String PERFORMANCE_DROP = "PERFORMANCE_DROP";
    public static final String LATENCY_SLA = "LATENCY_SLA";
    public static final String ERROR_RATE = "ERROR_RATE";
    public static final String NO_DATA = "NO_DATA";
    public static final String STALE = "STALE";
    public static final String CANARY_WORSE = "CANARY_WORSE";

    /** Most severe first, then the largest value/threshold ratio; ties broken by cause and subject for a stable order. */
    public static final Comparator<Signal> MOST_SIGNIFICANT_FIRST = Comparator
            .comparing(Signal::severity, Comparator.reverseOrder())
            .thenComparing(Signal::sortableExceedance, Comparator.reverseOrder())
            .thenComparing(Signal::cause)
            .thenComparing(Signal::subject);

    /** A signal whose facts are not known beyond its value and threshold. */
    public Signal(String cause, HealthLevel severity, String subject, double value, double threshold, String detail) {
        this(cause, severity, subject, value, threshold, detail, Facts.NONE);
    }

    public Signal {
        if (cause == null || cause.isBlank()) {
            throw new IllegalArgumentException("a signal needs a cause such as DRIFT");
        }
        Objects.requireNonNull(severity, "severity");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("a " + cause + " signal needs a subject (feature, metric or \"model\")");
        }
        facts = facts == null ? Facts.NONE : facts;
    }

    /** How far past its threshold the value is: value / threshold, or the value itself without a positive threshold. */
    public double exceedance() {
        return threshold > 0 && Double.isFinite(threshold) ? value / threshold : value;
    }

    private double sortableExceedance() {
        double ratio = exceedance();
        return Double.isNaN(ratio) ? Double.NEGATIVE_INFINITY : ratio;
    }
}
