package io.shepherd.streams.serving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.Variant;
import io.shepherd.streams.health.Facts;
import io.shepherd.streams.health.HealthEvents;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.policy.ServingLimits;

/** Judges a closed serving window against the model's SLA and writes it up as a ServingHealthScored. Pure. */
final class ServingJudge {

    private static final String ERROR_RATE = "error_rate";

    private ServingJudge() {
    }

    static String eventId(String modelId, String version, long windowStart) {
        return "serving:" + modelId + ":" + version + ":" + windowStart;
    }

    /** Good and bad facts of the window: a CRITICAL signal per broken limit, NONE per kept one. Empty below minRequests. */
    static List<Signal> signals(ServingWindow w, ServingLimits sla) {
        List<Signal> signals = new ArrayList<>();
        if (w.requests() < sla.minRequests()) {
            return signals;
        }
        String detail = "n=" + w.requests();
        latency(signals, "latency_p99_ms", w.latency(0.99), sla.latencyP99Ms(), w.requests());
        latency(signals, "latency_p95_ms", w.latency(0.95), sla.latencyP95Ms(), w.requests());
        signals.add(new Signal(Signal.ERROR_RATE, w.errorRate() > sla.errorRate() ? HealthLevel.CRITICAL : HealthLevel.NONE,
                ERROR_RATE, w.errorRate(), sla.errorRate(), detail + ", errors=" + w.errors() + " " + w.errorsByKind(),
                lowerIsBetter(ERROR_RATE, w.requests())));
        return signals;
    }

    private static void latency(List<Signal> signals, String subject, double value, Double limit, long requests) {
        if (limit != null && Double.isFinite(value)) {
            signals.add(new Signal(Signal.LATENCY_SLA, value > limit ? HealthLevel.CRITICAL : HealthLevel.NONE, subject, value,
                    limit, "n=" + requests, lowerIsBetter(subject, requests)));
        }
    }

    private static Facts lowerIsBetter(String statistic, long requests) {
        return Facts.of(statistic).withHigherIsBetter(false).withSampleSize(requests);
    }

    static ServingHealthScored scored(String modelId, String version, Variant variant, long start, long end, ServingWindow w,
                                      List<Signal> signals) {
        List<EvidenceItem> breaches = signals.stream().filter(s -> s.severity() != HealthLevel.NONE).filter(HealthEvents::measured)
                .map(s -> EvidenceItem.newBuilder(HealthEvents.item(s)).setKind(s.subject().startsWith("latency")
                        ? s.subject().toUpperCase(Locale.ROOT).replace("_MS", "") : s.cause()).build())
                .toList();
        return ServingHealthScored.newBuilder()
                .setEventId(eventId(modelId, version, start))
                .setModelId(modelId)
                .setModelVersion(version)
                .setVariant(variant)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setRequests(w.requests())
                .setErrors(w.errors())
                .setErrorRate(w.errorRate())
                .setErrorsByKind(w.errorsByKind())
                .setThroughputPerSecond(w.requests() * 1000.0 / (end - start))
                .setLatencyP50Ms(finite(w.latency(0.5)))
                .setLatencyP95Ms(finite(w.latency(0.95)))
                .setLatencyP99Ms(finite(w.latency(0.99)))
                .setLatencyMaxMs(finite(w.maxLatency()))
                .setBreaches(breaches)
                .build();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
