package io.shepherd.moa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void countsAlarmsBeforeTheDriftAsFalseAndTheFirstAfterItAsTheDelay() {
        Outcome outcome = Outcome.of(new int[] {500, 1_500, 100_200, 100_900}, 100_000, 100_000, 25_000);

        assertThat(outcome.falseAlarms()).isEqualTo(2);
        assertThat(outcome.falseAlarmsPer100k()).isEqualTo(2.0);
        assertThat(outcome.delay()).isEqualTo(OptionalInt.of(200));
        assertThat(outcome.missed()).isFalse();
    }

    @Test
    void anAlarmAtTheDriftStartHasNoDelay() {
        assertThat(Outcome.of(new int[] {50_000}, 50_000, 50_000, 1_000).delay()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void missesADriftWhoseFirstAlarmComesAfterTheHorizon() {
        Outcome outcome = Outcome.of(new int[] {125_000}, 100_000, 100_000, 25_000);

        assertThat(outcome.missed()).isTrue();
        assertThat(outcome.falseAlarms()).isZero();
    }

    @Test
    void missesADriftWithoutAlarms() {
        assertThat(Outcome.of(new int[0], 100_000, 100_000, 25_000).missed()).isTrue();
    }

    @Test
    void alarmsInAGradualDriftsLeadInAreNeitherFalseNorADetection() {
        // The first new-concept event was drawn at 80,000; the nominal start is 100,000.
        Outcome outcome = Outcome.of(new int[] {40_000, 85_000, 99_999, 100_000 + 3_000}, 80_000, 100_000, 25_000);

        assertThat(outcome.falseAlarms()).isEqualTo(1);
        assertThat(outcome.watched()).isEqualTo(80_000);
        assertThat(outcome.falseAlarmsPer100k()).isEqualTo(1.25);
        assertThat(outcome.leadInAlarms()).isEqualTo(2);
        assertThat(outcome.delay()).hasValue(3_000);
    }

    @Test
    void aDetectorStillRaisedFromTheLeadInMissesTheDrift() {
        Outcome outcome = Outcome.of(new int[] {95_000}, 90_000, 100_000, 25_000);

        assertThat(outcome.missed()).isTrue();
        assertThat(outcome.leadInAlarms()).isEqualTo(1);
        assertThat(outcome.falseAlarms()).isZero();
    }

    @Test
    void everyAlarmOfANoDriftControlIsFalseAndItHasNothingToMiss() {
        Outcome outcome = Outcome.control(new int[] {10, 150_000, 199_999}, 200_000);

        assertThat(outcome.falseAlarms()).isEqualTo(3);
        assertThat(outcome.falseAlarmsPer100k()).isEqualTo(1.5);
        assertThat(outcome.missed()).isFalse();
        assertThat(outcome.delay()).isEmpty();
    }

    @Test
    void aLeadInCannotStartAfterTheDrift() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Outcome.of(new int[0], 100_001, 100_000, 25_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
