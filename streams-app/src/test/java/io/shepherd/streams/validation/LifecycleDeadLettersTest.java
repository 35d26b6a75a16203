package io.shepherd.streams.validation;

import static io.shepherd.streams.validation.BadRecordsTopologyTest.T0;
import static io.shepherd.streams.validation.BadRecordsTopologyTest.lifecycle;
import static io.shepherd.streams.validation.BadRecordsTopologyTest.truncated;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.contract.Topics;
import io.shepherd.events.DeadLettered;
import io.shepherd.events.ModelLifecycle;
import io.shepherd.events.Prediction;
import io.shepherd.events.ServingHealthScored;
import io.shepherd.events.ServingStatus;
import io.shepherd.events.Variant;
import io.shepherd.streams.AppTestDriver;
import io.shepherd.streams.policy.PolicyBook;

/** Lifecycle records the model directory cannot apply are dead-lettered with their reason, once, not only logged. */
class LifecycleDeadLettersTest {

    private AppTestDriver app;

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void badLifecycleRecordsAreDeadLetteredOnceWithTheirReasonAndLaterDeploymentsStillApply() throws Exception {
        app = new AppTestDriver(PolicyBook.fromJson(BadRecordsTopologyTest.POLICY), T0);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("WRONG_MAGIC_BYTE", "deploy fraud v1".getBytes());
        bad.put("UNKNOWN_SCHEMA_ID", new byte[] {0, 0, 0, 0x7f, 0x14, 2});
        bad.put("UNDECODABLE", truncated(app.encode(Topics.LIFECYCLE, lifecycle("fraud", Map.of()))));
        bad.put("NAN_VALUE", app.encode(Topics.LIFECYCLE, lifecycle("fraud", Map.of("accuracy", Double.NaN))));
        bad.put("MISSING_FIELD", app.encode(Topics.LIFECYCLE, lifecycle("", Map.of())));
        ModelLifecycle unnamed = lifecycle("fraud", Map.of());
        unnamed.setToVersion(null);
        bad.put("MISSING_FIELD ", app.encode(Topics.LIFECYCLE, unnamed));
        bad.values().forEach(v -> app.pipeRaw(Topics.LIFECYCLE, "fraud", v, T0));
        app.deploy("fraud", "v1", Variant.CHAMPION, T0, Map.of());

        app.advanceWallClock(Duration.ofSeconds(2));
        app.advanceWallClock(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            app.serve("fraud", "v1", Variant.CHAMPION, T0 + i * 1_000L, Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
        }
        app.serve("fraud", "v1", Variant.CHAMPION, T0 + 120_000, Prediction.newBuilder().setScore(0.5).build(), 20, ServingStatus.OK);
        app.advanceWallClock(Duration.ofSeconds(2));

        List<DeadLettered> letters = app.read(Topics.DEAD_LETTERS);
        assertThat(letters).extracting(DeadLettered::getReason).containsExactlyElementsOf(bad.keySet().stream().map(String::trim).toList());
        assertThat(letters).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.LIFECYCLE);
            assertThat(d.getApplication()).isEqualTo(AppTestDriver.APPLICATION);
            assertThat(d.getDetail()).isNotBlank();
        });
        assertThat(letters).extracting(d -> d.getOriginalValue().array()).containsExactlyElementsOf(bad.values());
        assertThat(app.deadLettersCounted("MISSING_FIELD")).isEqualTo(2.0);
        List.of("WRONG_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "UNDECODABLE", "NAN_VALUE")
                .forEach(reason -> assertThat(app.deadLettersCounted(reason)).as(reason).isEqualTo(1.0));
        assertThat(app.<ServingHealthScored>read(Topics.SERVING_HEALTH)).first()
                .satisfies(w -> assertThat(w.getRequests()).isEqualTo(10));
    }
}
