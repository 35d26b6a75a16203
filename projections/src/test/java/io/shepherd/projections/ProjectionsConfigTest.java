package io.shepherd.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shepherd.config.Settings;

class ProjectionsConfigTest {

    @Test
    void emptyUsernameMeansNoAuthenticationAndThePasswordIsNeverPrinted() {
        ProjectionsConfig none = ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), Map.of()));
        ProjectionsConfig secured = ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_ELASTICSEARCH_USERNAME", "shepherd", "SHEPHERD_ELASTICSEARCH_PASSWORD", "pa55word")));

        assertThat(none.elasticsearchUsername()).isEmpty();
        assertThat(none.elasticsearchUrl()).isEqualTo("http://127.0.0.1:9200");
        assertThat(secured.elasticsearchUsername()).contains("shepherd");
        assertThat(secured.elasticsearchPassword()).contains("pa55word");
        assertThat(secured.toString()).doesNotContain("pa55word");
    }

    @Test
    void aBulkRequestIsSlowAfterTenSecondsUnlessTheEnvironmentSaysOtherwise() {
        ProjectionsConfig defaults = ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(), Map.of()));
        ProjectionsConfig set = ProjectionsConfig.from(Settings.load(ProjectionsConfig.SETTINGS, Optional.empty(),
                Map.of("SHEPHERD_ELASTICSEARCH_SLOW_REQUEST_MS", "2500")));

        assertThat(defaults.slowBulkRequestAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.slowBulkRequestAfter()).isEqualTo(Duration.ofMillis(2500));
    }
}
