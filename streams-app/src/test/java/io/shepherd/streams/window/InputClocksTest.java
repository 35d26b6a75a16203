package io.shepherd.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputClocksTest {

    private static final long IDLE = 30_000;
    private static final long WALL = 1_800_000_000_000L;

    @Test
    void theTimeIsTheEarliestOfTheActiveInputs() {
        InputClocks clocks = new InputClocks(2);
        assertThat(clocks.time(WALL, IDLE)).isEqualTo(InputClocks.NONE);

        clocks.saw(0, 5_000, WALL);
        assertThat(clocks.time(WALL, IDLE)).as("an input never seen is not waited for").isEqualTo(5_000);
        clocks.saw(1, 9_000, WALL);
        clocks.saw(1, 7_000, WALL);
        assertThat(clocks.of(1)).as("an input's latest time does not go back").isEqualTo(9_000);
        assertThat(clocks.time(WALL, IDLE)).isEqualTo(5_000);
        assertThat(clocks.latest()).isEqualTo(9_000);
    }

    @Test
    void anInputSilentForTheIdleTimeHoldsNothingBackAndCountsAgainWhenItSends() {
        InputClocks clocks = new InputClocks(2);
        clocks.saw(0, 5_000, WALL);
        clocks.saw(1, 9_000, WALL + 20_000);

        assertThat(clocks.time(WALL + IDLE - 1, IDLE)).isEqualTo(5_000);
        assertThat(clocks.isActive(0, WALL + IDLE, IDLE)).isFalse();
        assertThat(clocks.time(WALL + IDLE, IDLE)).as("input 0 idle").isEqualTo(9_000);
        assertThat(clocks.time(WALL + 20_000 + IDLE, IDLE)).as("both idle: the latest").isEqualTo(9_000);

        clocks.saw(0, 6_000, WALL + 60_000);
        assertThat(clocks.time(WALL + 60_000, IDLE)).as("input 0 sends again, input 1 still idle").isEqualTo(6_000);
        clocks.saw(1, 9_500, WALL + 60_000);
        assertThat(clocks.time(WALL + 60_000, IDLE)).isEqualTo(6_000);
    }

    @Test
    void aRestoredInputCountsAsHavingJustSent() {
        InputClocks clocks = new InputClocks(2);
        clocks.restore(0, 5_000, WALL);
        clocks.restore(1, InputClocks.NONE, WALL);
        clocks.saw(1, 9_000, WALL + 1_000);

        assertThat(clocks.of(1)).isEqualTo(9_000);
        assertThat(clocks.time(WALL + 1_000, IDLE)).isEqualTo(5_000);
        assertThat(clocks.time(WALL + IDLE, IDLE)).isEqualTo(9_000);
    }

    @Test
    void anExpectedInputHoldsEverythingBackUntilItSendsOrIsIdle() {
        InputClocks clocks = new InputClocks(2);
        clocks.expect(1, WALL);
        clocks.saw(0, 5_000, WALL);
        assertThat(clocks.time(WALL + 1_000, IDLE)).isEqualTo(InputClocks.NONE);
        assertThat(clocks.time(WALL + IDLE, IDLE)).as("idle without a record").isEqualTo(5_000);

        clocks.expect(1, WALL + IDLE);
        clocks.saw(1, 4_000, WALL + IDLE);
        assertThat(clocks.time(WALL + IDLE, IDLE)).as("it sends: its time counts").isEqualTo(4_000);
    }
}
