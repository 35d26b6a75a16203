package io.shepherd.moa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void countsAlarmsBeforeTheDriftAsFalseAndTheFirstAfterItAsTheDelay() {
        Outcome outcome = Outcome.of(new int[] {500, 1_500, 100_200, 100_900}, 100_000, 25_000);

        assertThat(outcome.falseAlarms()).isEqualTo(2);
        assertThat(outcome.falseAlarmsPer100k()).isEqualTo(2.0);
        assertThat(outcome.delay()).isEqualTo(OptionalInt.of(200));
        assertThat(outcome.missed()).isFalse();
    }

    @Test
    void anAlarmAtTheDriftStartHasNoDelay() {
        assertThat(Outcome.of(new int[] {50_000}, 50_000, 1_000).delay()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void missesADriftWhoseFirstAlarmComesAfterTheHorizon() {
        Outcome outcome = Outcome.of(new int[] {125_000}, 100_000, 25_000);

        assertThat(outcome.missed()).isTrue();
        assertThat(outcome.falseAlarms()).isZero();
    }

    @Test
    void missesADriftWithoutAlarms() {
        assertThat(Outcome.of(new int[0], 100_000, 25_000).missed()).isTrue();
    }
}
