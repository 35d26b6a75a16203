package io.shepherd.streams.health;

import static io.shepherd.events.HealthLevel.CRITICAL;
import static io.shepherd.events.HealthLevel.NONE;
import static io.shepherd.events.HealthLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HealthCombinerCodecTest {

    private static final long T0 = 1_764_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void sourceLevelsWithTheirEntryTimesAndWindowsRoundTripInFormat2() {
        Signal drift = new Signal(Signal.DRIFT, WARNING, "amount", 0.31, 0.2, "psi over 500 values vs 1000 in the reference",
                Facts.of("psi").withSampleSize(500).withReferenceSize(1_000));
        Signal canary = new Signal(Signal.CANARY_WORSE, CRITICAL, "accuracy", 0.12, Double.NaN, "two_proportion_z WORSE",
                Facts.of("two_proportion_z").withMeasured(0.8, 0.92).withPValue(1e-6).withHigherIsBetter(true));
        SourceLevels levels = SourceLevels.initial()
                .apply("drift", change(WARNING, T0, drift)).levels()
                .apply("challenger", change(CRITICAL, T0 + HOUR, canary)).levels();

        byte[] bytes = HealthCombiner.CODEC.encode(levels);
        SourceLevels back = HealthCombiner.CODEC.decode(bytes);

        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(back).isEqualTo(levels);
        assertThat(back.bySource().get("challenger").evidence().topSignals().get(0).threshold()).isNaN();
        assertThat(back.bySource().get("drift").since()).isEqualTo(T0);
    }

    @Test
    void aFormat1ValueIsReadWithItsLevelsAndCausesAndNoWindowYet() {
        byte[] json = """
                {"bySource":{"drift":{"level":"WARNING","causes":["DRIFT","DATA_QUALITY"]},
                "performance":{"level":"CRITICAL","causes":["PERFORMANCE_DROP"]}}}""".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[json.length + 1];
        bytes[0] = 1;
        System.arraycopy(json, 0, bytes, 1, json.length);

        SourceLevels levels = HealthCombiner.CODEC.decode(bytes);

        assertThat(levels.overall()).isEqualTo(CRITICAL);
        assertThat(levels.overallCauses()).containsExactly(Signal.PERFORMANCE_DROP);
        assertThat(levels.bySource().get("drift").causes()).containsExactly(Signal.DRIFT, Signal.DATA_QUALITY);
        assertThat(levels.bySource().values()).allSatisfy(held -> {
            assertThat(held.since()).isEqualTo(WindowEvidence.UNKNOWN);
            assertThat(held.evidence()).isEqualTo(WindowEvidence.unknown());
        });
    }

    private static HealthChange change(io.shepherd.events.HealthLevel level, long at, Signal signal) {
        return new HealthChange(NONE, level, List.of(signal.cause()), false,
                new WindowAssessment(at - HOUR, at, "ref", List.of(signal), List.of("score:" + at)), List.of(signal));
    }
}
