package io.shepherd.serde;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.FeaturesObserved;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.events.Prediction;
import io.shepherd.events.PredictionServed;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;

/** Events with every kind of field filled, for round-trip tests. */
public final class SampleEvents {

    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private SampleEvents() {
    }

    public static PredictionServed prediction(String requestId) {
        return PredictionServed.newBuilder()
                .setEventId("evt-" + requestId)
                .setRequestId(requestId)
                .setModelId("fraud-scorer")
                .setModelVersion("v7")
                .setVariant(Variant.CANARY)
                .setEventTime(T0)
                .setPrediction(Prediction.newBuilder().setScore(0.87).setLabel("fraud")
                        .setProbabilities(Map.of("fraud", 0.87, "legit", 0.13)).build())
                .setLatencyMs(12.5)
                .setStatus(ServingStatus.OK)
                .setErrorKind(null)
                .setSegments(Map.of("region", "eu-west"))
                .build();
    }

    public static FeaturesObserved features(String requestId) {
        return FeaturesObserved.newBuilder()
                .setEventId("feat-" + requestId)
                .setRequestId(requestId)
                .setModelId("fraud-scorer")
                .setModelVersion("v7")
                .setEventTime(T0)
                .setFeatures(Map.of("amount", 129.99, "country", "DE", "merchant_embedding", List.of(0.1f, -0.4f, 0.9f),
                        "device_age_days", Double.NaN))
                .build();
    }

    public static ModelHealthChanged health() {
        return ModelHealthChanged.newBuilder()
                .setEventId("health-1")
                .setModelId("fraud-scorer")
                .setModelVersion("v7")
                .setEventTime(T0)
                .setPreviousLevel(HealthLevel.WARNING)
                .setLevel(HealthLevel.CRITICAL)
                .setCauses(List.of("PERFORMANCE_DROP"))
                .setEvidence(Evidence.newBuilder()
                        .setWindowStart(T0.minusSeconds(3600)).setWindowEnd(T0)
                        .setReferenceId("fraud-scorer/v7/first-10000")
                        .setSummary("accuracy 0.86 vs baseline 0.92 (-6.5 %)")
                        .setItems(List.of(EvidenceItem.newBuilder().setKind("ACCURACY_DROP").setSubject("accuracy")
                                .setValue(0.065).setThreshold(0.05).setDetail("n=4210, 95% CI [0.85, 0.87]").build()))
                        .setSourceEventIds(List.of("perf-fraud-scorer-v7-1764061200000"))
                        .build())
                .build();
    }
}
