package io.shepherd.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shepherd.events.HealthLevel;
import io.shepherd.streams.drift.VersionProgress;
import io.shepherd.streams.health.HealthState;
import io.shepherd.streams.health.HealthStateBytes;
import io.shepherd.streams.performance.PerformanceProgress;
import io.shepherd.streams.performance.SequentialPerformance;
import io.shepherd.streams.serving.ServingProgress;

/** The progress records' binary format, and the JSON format before it, which a restore must still read. */
class ProgressCodecsTest {

    private static final HealthState CRITICAL = new HealthState(HealthLevel.CRITICAL, Set.of("PERFORMANCE_DROP"),
            List.of(new HealthState.Seen(Map.of("DRIFT", HealthLevel.WARNING)),
                    new HealthState.Seen(Map.of("PERFORMANCE_DROP", HealthLevel.CRITICAL, "DRIFT", HealthLevel.WARNING)),
                    new HealthState.Seen(Map.of())),
            1_700_000_120_000L, 1_700_000_060_000L, 1_700_000_120_000L, 2);

    @Test
    void versionProgressRoundTripsAndReadsItsTwoEarlierFormats() {
        VersionProgress progress = new VersionProgress(1_700_000_000_000L, 1_700_000_065_432L, 1_700_000_061_000L, CRITICAL, 3);
        byte[] bytes = VersionProgress.CODEC.encode(progress);
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(VersionProgress.CODEC.decode(bytes)).isEqualTo(progress);
        VersionProgress initial = VersionProgress.initial();
        assertThat(VersionProgress.CODEC.decode(VersionProgress.CODEC.encode(initial))).isEqualTo(initial);

        // Formats 2 (binary) and 1 (JSON) kept one time for both inputs: both inputs reached it.
        VersionProgress.OneClock previous = new VersionProgress.OneClock(1_700_000_000_000L, 1_700_000_065_432L, CRITICAL, 3);
        VersionProgress upgraded = new VersionProgress(1_700_000_000_000L, 1_700_000_065_432L, 1_700_000_065_432L, CRITICAL, 3);
        byte[] format2 = VersionProgress.PREVIOUS_FORMATS.encode(previous);
        assertThat(format2[0]).isEqualTo((byte) 2);
        assertThat(VersionProgress.CODEC.decode(format2)).isEqualTo(upgraded);
        assertThat(VersionProgress.CODEC.decode(new VersionedJsonCodec<>((byte) 1, VersionProgress.OneClock.class).encode(previous)))
                .isEqualTo(upgraded);
    }

    @Test
    void servingProgressRoundTripsAndReadsItsJsonFormat() {
        ServingProgress progress = new ServingProgress(1_700_000_000_000L, 1_700_000_009_999L, CRITICAL, true, false);
        assertThat(ServingProgress.CODEC.decode(ServingProgress.CODEC.encode(progress))).isEqualTo(progress);
        assertThat(ServingProgress.CODEC.decode(new VersionedJsonCodec<>((byte) 1, ServingProgress.class).encode(progress)))
                .isEqualTo(progress);
        ServingProgress stale = new ServingProgress(ServingProgress.NONE, ServingProgress.NONE, HealthState.initial(), false, true);
        assertThat(ServingProgress.CODEC.decode(ServingProgress.CODEC.encode(stale))).isEqualTo(stale);
    }

    @Test
    void performanceProgressRoundTripsAndReadsItsTwoEarlierFormats() throws Exception {
        HealthState emergency = new HealthState(HealthLevel.EMERGENCY, new java.util.LinkedHashSet<>(List.of("PERFORMANCE_DROP", "CHALLENGER_WORSE")),
                List.of(), 5L, 5L, 5L, 0);
        PerformanceProgress before = new PerformanceProgress(600, CRITICAL, HealthState.initial(), emergency, SequentialPerformance.initial());
        PerformanceProgress read = PerformanceProgress.CODEC.decode(PerformanceProgress.CODEC.encode(before));
        assertThat(read).isEqualTo(before);
        assertThat(read.challenger().causes()).containsExactly("PERFORMANCE_DROP", "CHALLENGER_WORSE");

        // Format 2: the count and the three states, as the previous release wrote them.
        java.io.ByteArrayOutputStream format2 = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(format2)) {
            out.writeByte(2);
            out.writeLong(600);
            HealthStateBytes.write(CRITICAL, out);
            HealthStateBytes.write(HealthState.initial(), out);
            HealthStateBytes.write(emergency, out);
        }
        assertThat(PerformanceProgress.CODEC.decode(format2.toByteArray())).isEqualTo(before);
        // Format 1: JSON of the same four fields.
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("referenceServed", 600,
                "measured", CRITICAL, "estimated", HealthState.initial(), "challenger", emergency));
        byte[] format1 = ("\u0001" + json).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(PerformanceProgress.CODEC.decode(format1)).isEqualTo(before);
    }

    @Test
    void truncatedLeftOverAndUnknownFormatsAreRefusedWithTheirReason() {
        byte[] bytes = ServingProgress.CODEC.encode(new ServingProgress(1L, 2L, CRITICAL, false, false));
        assertThatThrownBy(() -> ServingProgress.CODEC.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ServingProgress.CODEC.decode(java.util.Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left over");
        assertThatThrownBy(() -> ServingProgress.CODEC.decode(new byte[] {9, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
        assertThatThrownBy(() -> ServingProgress.CODEC.decode(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(empty)");
    }
}
