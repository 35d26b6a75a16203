package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.RetrainingRequested;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.policy.PolicyBook;

class RetrainingRequestTest {

    static final long T0 = 1_764_000_000_000L;
    static final String POLICY = """
            {"defaults": {"windowSize": "PT1M", "windowAdvance": "PT30S", "gracePeriod": "PT0S", "minSamples": 50,
              "reference": {"kind": "FIRST_EVENTS", "events": 200},
              "hysteresis": {"windowsToEscalate": 2, "windowsToRecover": 3, "heartbeatEveryWindows": 0},
              "retrainAfterDriftingWindows": 3}}
            """;

    @Test
    void threeDriftingWindowsInARowRequestRetrainingOnceWithTheDriftingFeatureAsEvidence() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        try (AppTestDriver app = new AppTestDriver(PolicyBook.fromJson(POLICY), T0)) {
            app.deploy("churn", "v2", Variant.CHAMPION, T0, Map.of());
            for (int i = 0; i < 200 + 8 * 60; i++) {
                double shift = i < 200 ? 0 : 2;
                app.observe("churn", "v2", T0 + i * 500L, Map.of("tenure", random.nextGaussian() + shift));
            }

            List<RetrainingRequested> requests = app.read(Topics.RETRAINING_REQUESTS);
            assertThat(requests).singleElement().satisfies(r -> {
                assertThat(r.getModelVersion()).isEqualTo("v2");
                assertThat(r.getDriftingWindows()).isEqualTo(3);
                assertThat(r.getEvidence().getItems()).anySatisfy(item -> assertThat(item.getSubject()).isEqualTo("tenure"));
                assertThat(r.getEvidence().getSourceEventIds()).isNotEmpty();
            });
        }
    }
}
