package io.shepherd.streams.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shepherd.events.Variant;

class PerformanceWindowTest {

    private static PendingPrediction classified(int i) {
        double fraud = (i % 10) / 10.0;
        return new PendingPrediction("v1", Variant.CHAMPION, 1_000L * i, 0L, fraud >= 0.5 ? "fraud" : "legit", fraud,
                Map.of("fraud", fraud, "legit", 1 - fraud), i % 3 == 0);
    }

    private static PendingPrediction regressed(int i) {
        return new PendingPrediction("v1", Variant.CANARY, 1_000L * i, 0L, null, i * 0.5, null, false);
    }

    /**
     * A window written after every prediction and label (each tally's bytes kept until it changes) writes the same
     * bytes as one given the same predictions and labels and written once at the end.
     */
    @Test
    void writtenAfterEveryChangeGivesTheBytesOfOneWrittenOnceAtTheEnd() {
        PerformanceWindow often = new PerformanceWindow(Variant.CHAMPION);
        PerformanceWindow once = new PerformanceWindow(Variant.CHAMPION);
        for (int i = 0; i < 600; i++) {
            PendingPrediction p = classified(i);
            often.served(p, 10 + i % 7);
            once.served(p, 10 + i % 7);
            PerformanceWindow.CODEC.encode(often);
            if (i % 2 == 0) {
                PendingPrediction labelled = classified(i - i % 4);
                assertThat(often.labelled(labelled, i % 5 == 0 ? "fraud" : "legit")).isTrue();
                assertThat(once.labelled(labelled, i % 5 == 0 ? "fraud" : "legit")).isTrue();
                PerformanceWindow.CODEC.encode(often);
            }
            if (i % 50 == 0) {
                often.revision++;
                once.revision++;
                often.voted = !often.voted;
                once.voted = !once.voted;
                PerformanceWindow.CODEC.encode(often);
            }
        }
        byte[] bytes = PerformanceWindow.CODEC.encode(often);
        assertThat(bytes).isEqualTo(PerformanceWindow.CODEC.encode(once));
        assertThat(PerformanceWindow.CODEC.encode(PerformanceWindow.CODEC.decode(bytes))).isEqualTo(bytes);
        PerformanceWindow read = PerformanceWindow.CODEC.decode(bytes);
        assertThat(read.predictions).isEqualTo(600);
        assertThat(read.labelled).isEqualTo(300);
        assertThat(read.revision).isEqualTo(12);
        assertThat(read.correct()).isEqualTo(once.correct());
    }

    @Test
    void aRegressorsWindowRoundTripsAfterLabelsWithItsTalliesKeptEncoded() {
        PerformanceWindow often = new PerformanceWindow(Variant.CANARY);
        PerformanceWindow once = new PerformanceWindow(Variant.CANARY);
        for (int i = 0; i < 200; i++) {
            often.served(regressed(i), 5);
            once.served(regressed(i), 5);
            PerformanceWindow.CODEC.encode(often);
            assertThat(often.labelled(regressed(i), i * 0.4)).isTrue();
            assertThat(once.labelled(regressed(i), i * 0.4)).isTrue();
            PerformanceWindow.CODEC.encode(often);
        }
        assertThat(often.labelled(regressed(1), "a class for a regressor")).isFalse();
        byte[] bytes = PerformanceWindow.CODEC.encode(often);
        assertThat(bytes).isEqualTo(PerformanceWindow.CODEC.encode(once));
        PerformanceWindow read = PerformanceWindow.CODEC.decode(bytes);
        assertThat(read.variant).isEqualTo(Variant.CANARY);
        assertThat(read.labelled).isEqualTo(200);
        assertThat(read.regression.toBytes()).isEqualTo(once.regression.toBytes());
    }
}
