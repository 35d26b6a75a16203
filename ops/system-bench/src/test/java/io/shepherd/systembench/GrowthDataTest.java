package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.shepherd.streams.policy.ModelPolicy;
import io.shepherd.streams.policy.PolicyBook;

class GrowthDataTest {

    @ParameterizedTest(name = "{0} requests per model: reference {1}, min samples {2}")
    @CsvSource({"20000, 3333, 1666", "2000, 333, 166", "200, 33, 16", "100, 20, 10"})
    void everyModelCountGetsWindowsThatCanBeScored(long perModel, long reference, int minSamples) {
        ModelPolicy policy = PolicyBook.withDefaultsOnly().withModel("m", GrowthData.policy(perModel)).forModel("m");

        assertThat(policy.windowSize()).isEqualTo(Duration.ofMinutes(2)).isEqualTo(policy.windowAdvance());
        assertThat(policy.reference().events()).isEqualTo(reference);
        assertThat(policy.minSamples()).isEqualTo(minSamples);
        assertThat(policy.performance().minLabels()).isEqualTo(minSamples);
        // After the reference, each of the five windows holds more requests than it needs to be scored.
        assertThat((perModel - reference) / GrowthData.WINDOWS).isGreaterThanOrEqualTo(minSamples);
    }

    @Test
    void requestsCarryTheAskedNumberOfNamedNumericFeatures() {
        var features = GrowthData.features(new SplittableRandom(1), 1000);

        assertThat(features).hasSize(1000).containsKeys("x0000", "x0999").allSatisfy((name, value) -> assertThat(value).isInstanceOf(Double.class));
        assertThat(GrowthData.models("g10x100", 100)).hasSize(100).startsWith("g10x100-m000").endsWith("g10x100-m099");
    }
}
