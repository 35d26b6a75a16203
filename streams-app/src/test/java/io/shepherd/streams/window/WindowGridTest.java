package io.shepherd.streams.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowGridTest {

    /** One-hour windows every 15 minutes, 5 minutes of grace. */
    private final WindowGrid grid = new WindowGrid(3_600_000, 900_000, 300_000);

    @Test
    void aWindowIsTheMergeOfItsFourPanes() {
        assertThat(grid.panesPerWindow()).isEqualTo(4);
        assertThat(grid.panesOf(3_600_000)).containsExactly(0L, 900_000L, 1_800_000L, 2_700_000L);
        assertThat(grid.paneStart(1_799_999)).isEqualTo(900_000);
        assertThat(grid.paneStart(-1)).isEqualTo(-900_000);
    }

    @ParameterizedTest(name = "event at {0}, stream time {1}: late={2}")
    @CsvSource({
            "0, 3899999, false",
            "0, 3900000, true",
            "899999, 3900000, true",
            "900000, 3900000, false",
            "3600000, 3900000, false"})
    void aValueIsLateOnlyWhenEveryWindowContainingItHasClosed(long eventTime, long streamTime, boolean late) {
        assertThat(grid.isLate(eventTime, streamTime)).isEqualTo(late);
    }

    @Test
    void windowsCloseAfterTheirGrace() {
        assertThat(grid.isClosed(3_600_000, 3_899_999)).isFalse();
        assertThat(grid.isClosed(3_600_000, 3_900_000)).isTrue();
        assertThat(grid.lastClosedWindowEnd(3_900_000)).isEqualTo(3_600_000);
        assertThat(grid.lastClosedWindowEnd(4_799_999)).isEqualTo(3_600_000);
        assertThat(grid.lastClosedWindowEnd(4_800_000)).isEqualTo(4_500_000);
    }

    @Test
    void sizeMustBeAMultipleOfTheAdvance() {
        assertThatThrownBy(() -> new WindowGrid(1_000, 300, 0)).hasMessageContaining("multiple of its advance");
    }
}
