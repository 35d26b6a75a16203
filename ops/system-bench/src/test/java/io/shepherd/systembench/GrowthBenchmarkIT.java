package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small run of the cost-growth benchmark on a real broker: the streams app and the identity app as child JVMs. With
 * 1,000 features, whose drift state per model version is a changelog record over Kafka's default 1 MB limit.
 */
class GrowthBenchmarkIT {

    @Test
    void eachCellIsWorkedThroughAndMeasuredAndTheIdentityRunsOncePerFeatureCount(@TempDir Path dir) throws Exception {
        List<String> said = new ArrayList<>();
        // The test JVM's classpath holds the streams app and its dependencies.
        var benchmark = new GrowthBenchmark(new GrowthBenchmark.Options(List.of(1000), List.of(1, 2), 400, Duration.ZERO,
                Duration.ofMinutes(5)),
                Map.of("streams", System.getProperty("java.class.path")), said::add);

        List<GrowthBenchmark.Row> rows = benchmark.run(dir);

        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.app().cell().records()).isEqualTo(1200);  // prediction, features and label of each of the 400 requests
            assertThat(row.app().drain().records()).isEqualTo(1200);
            assertThat(row.app().drain().steadyRate()).isPositive();
            assertThat(row.app().drain().memory().peakRssBytes()).isGreaterThan(50_000_000L);
            assertThat(row.app().stateBytes()).isPositive();
            // A model version's drift state with 1,000 features alone is over 1 MB a changelog record.
            assertThat(row.app().changelogBytes()).isGreaterThan(1_000_000L);
        });
        assertThat(rows.get(0).identity()).isNull();
        assertThat(rows.get(1).identity().drain().records()).isEqualTo(1200);
        assertThat(GrowthBenchmark.table(rows).markdown()).contains("| 1000 | 1 | 400 | 1200 |", "| 1000 | 2 | 400 | 1200 |", "| 1g |");
        assertThat(said).hasSize(2);
    }
}
