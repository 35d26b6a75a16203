package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void writesAMarkdownTableWithAHeaderRuleAndOneLinePerRow() {
        Table t = new Table("features", "records/s").row(10, "5200").row(1000, Table.f("%.1f", 812.345));

        assertThat(t.markdown()).isEqualTo("""
                | features | records/s |
                | --- | --- |
                | 10 | 5200 |
                | 1000 | 812.3 |
                """);
        assertThat(t.rows()).isEqualTo(2);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("a", "b").row(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells in a table of 2 columns");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Table.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Table.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Table.median(List.of())).isNaN();
        assertThat(Table.mb(98_700_000)).isEqualTo("99");
    }
}
