package io.shepherd.alerting.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthPartitionTest {

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"fraud-scorer, 4", "churn, 4", "reco-ab12cd34, 4", "x, 1", "pricing, 12"})
    void aModelsPartitionIsTheOneTheProducerChoseForItsKey(String modelId, int partitions) {
        assertThat(HealthReplay.partitionOf(modelId, partitions))
                .isEqualTo(BuiltInPartitioner.partitionForKey(modelId.getBytes(StandardCharsets.UTF_8), partitions));
    }
}
