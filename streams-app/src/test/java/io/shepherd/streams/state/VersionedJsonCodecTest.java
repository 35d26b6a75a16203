package io.shepherd.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.drift.VersionProgress;
import io.shepherd.streams.health.Escalation;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.Hysteresis;
import io.shepherd.streams.health.Signal;
import io.shepherd.streams.health.WindowAssessment;

class VersionedJsonCodecTest {

    @Test
    void versionProgressWithAnEscalationStateRoundTrips() {
        Hysteresis rules = new Hysteresis(2, 3, 0);
        HealthState health = HealthState.initial();
        for (long end = 10_000; end <= 30_000; end += 10_000) {
            Signal drift = new Signal(Signal.DRIFT, HealthLevel.WARNING, "amount", 0.31, 0.2, "psi");
            health = Escalation.evolve(health, new WindowAssessment(end - 10_000, end, "ref", List.of(drift), List.of("d" + end)), rules).state();
        }
        VersionProgress progress = new VersionProgress(30_000, 31_234, 30_500, health, 0);

        VersionProgress back = VersionProgress.CODEC.decode(VersionProgress.CODEC.encode(progress));

        assertThat(health.level()).isEqualTo(HealthLevel.WARNING);
        assertThat(back).isEqualTo(progress);
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheType() {
        byte[] bytes = VersionProgress.CODEC.encode(VersionProgress.initial());
        bytes[0] = 9;

        assertThatThrownBy(() -> VersionProgress.CODEC.decode(bytes)).hasMessageContaining("VersionProgress format 9");
    }
}
