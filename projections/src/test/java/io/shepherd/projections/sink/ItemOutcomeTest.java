package io.shepherd.projections.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemOutcomeTest {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "200, WRITTEN", "201, WRITTEN",
            "409, STALE",
            "429, RETRY", "408, RETRY", "500, RETRY", "503, RETRY",
            "400, REJECTED", "404, REJECTED", "413, REJECTED"})
    void classifiesEachBulkItemStatus(int status, ItemOutcome expected) {
        assertThat(ItemOutcome.of(status)).isEqualTo(expected);
    }
}
