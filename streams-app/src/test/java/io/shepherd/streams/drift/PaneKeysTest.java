package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaneKeysTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 1_764_064_800_000L, Long.MAX_VALUE, -5_000})
    void keysSortByPaneStartAndReadBack(long paneStart) {
        String key = PaneKeys.of("fraud|v7", paneStart);

        assertThat(key).isEqualTo("fraud|v7|" + String.format("%019d", paneStart));
        assertThat(PaneKeys.versionOf(key)).isEqualTo("fraud|v7");
        assertThat(PaneKeys.paneOf(key)).isEqualTo(paneStart);
        assertThat(PaneKeys.modelOf(PaneKeys.versionOf(key))).isEqualTo("fraud");
    }
}
