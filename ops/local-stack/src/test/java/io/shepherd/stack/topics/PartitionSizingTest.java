package io.shepherd.stack.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shepherd.contract.Topics;

class PartitionSizingTest {

    private static PartitionSizing sizing(double requestsPerSecond, int features, int models) {
        return new PartitionSizing(requestsPerSecond, features, models, 0.5);
    }

    @ParameterizedTest(name = "{0} threads -> {1} partitions")
    @CsvSource({"1,4", "4,4", "5,6", "6,6", "7,12", "12,12", "13,24", "25,36"})
    void partitionCountsSplitEvenlyOverCommonInstanceCounts(int threads, int partitions) {
        assertThat(PartitionSizing.roundUp(threads)).isEqualTo(partitions);
    }

    @Test
    void interpolatesOnALineInLogLogScaleAndExtrapolatesWithTheNearestSlope() {
        double[] features = {10, 100, 1000};
        double[] rates = {10_000, 5_000, 1_000};

        assertThat(PartitionSizing.logLog(features, rates, 100)).isCloseTo(5_000, within(1e-6));
        assertThat(PartitionSizing.logLog(features, rates, Math.sqrt(10 * 100))).isCloseTo(Math.sqrt(10_000 * 5_000), within(1e-6));
        assertThat(PartitionSizing.logLog(features, rates, 10_000)).as("beyond: the slope of 100 -> 1000").isCloseTo(200, within(1e-6));
        assertThat(PartitionSizing.logLog(features, rates, 1)).as("below: the slope of 10 -> 100").isCloseTo(20_000, within(1e-6));
    }

    @Test
    void everyMeasuredCellIsReproducedExactly() {
        for (PartitionSizing.Measured cell : PartitionSizing.MEASURED) {
            PartitionSizing sizing = sizing(1, cell.features(), cell.models());
            assertThat(sizing.recordsPerSecondPerThread(cell.models())).as(cell.toString())
                    .isCloseTo(cell.recordsPerSecond(), within(cell.recordsPerSecond() * 1e-9));
        }
    }

    @Test
    void theThreadsCarryTheLoadAtTheTargetUtilizationAndOneFewerWouldNot() {
        PartitionSizing sizing = sizing(20_000, 50, 40);
        int threads = sizing.threads();
        double records = 20_000 * PartitionSizing.RECORDS_PER_REQUEST;

        assertThat(records).isLessThanOrEqualTo(threads * sizing.recordsPerSecondPerThread((40 + threads - 1) / threads) * 0.5);
        assertThat(records).isGreaterThan((threads - 1) * sizing.recordsPerSecondPerThread((40 + threads - 2) / (threads - 1)) * 0.5);
        assertThat(sizing.partitions()).isEqualTo(PartitionSizing.roundUp(threads));
    }

    @Test
    void moreTrafficMoreFeaturesOrMoreModelsNeverNeedFewerPartitions() {
        int base = sizing(10_000, 20, 10).partitions();

        assertThat(sizing(40_000, 20, 10).partitions()).isGreaterThan(base);
        assertThat(sizing(10_000, 500, 10).partitions()).isGreaterThanOrEqualTo(base);
        assertThat(sizing(10_000, 20, 1_000).partitions()).isGreaterThanOrEqualTo(base);
        assertThat(sizing(10, 10, 1).partitions()).as("never below the contract's 4").isEqualTo(4);
    }

    @Test
    void saysWhenOneModelAloneIsMoreThanAThreadCanTake() {
        PartitionSizing sizing = sizing(100_000, 100, 50);
        double oneThread = sizing.recordsPerSecondPerThread(1) / PartitionSizing.RECORDS_PER_REQUEST;

        assertThat(sizing.hottestModelShare(oneThread / 2)).isCloseTo(0.5, within(1e-9));
        assertThat(sizing.hottestModelShare(oneThread * 3)).isGreaterThan(1);
        assertThat(sizing.explain()).contains("100,000 requests/s", "one model alone tops out at");
    }

    @Test
    void theCommandLineSizesEveryMultiPartitionTopicFromTheLoad() {
        var arguments = CreateTopicsMain.Arguments.parse(List.of("--dry-run", "--requests-per-second", "50000", "--features", "100",
                "--models", "200"));
        int partitions = sizing(50_000, 100, 200).partitions();

        assertThat(partitions).isGreaterThan(4);
        assertThat(arguments.plan().plan(Topics.ALL)).filteredOn(p -> p.name().equals(Topics.FEATURES)).singleElement()
                .extracting(TopicPlan.Planned::partitions).isEqualTo(partitions);
        assertThat(arguments.plan().plan(Topics.ALL)).filteredOn(p -> p.name().equals(Topics.LIFECYCLE)).singleElement()
                .extracting(TopicPlan.Planned::partitions).isEqualTo(1);
    }

    @Test
    void aLoadNeedsAllThreeFiguresAndExcludesAPartitionCount() {
        assertThatThrownBy(() -> CreateTopicsMain.Arguments.parse(List.of("--dry-run", "--requests-per-second", "500", "--features", "10")))
                .hasMessageContaining("needs --requests-per-second, --features and --models");
        assertThatThrownBy(() -> CreateTopicsMain.Arguments.parse(List.of("--dry-run", "--partitions", "8", "--requests-per-second", "500",
                "--features", "10", "--models", "3"))).hasMessageContaining("either --partitions or a load");
        assertThatThrownBy(() -> new PartitionSizing(500, 10, 3, 1.5)).hasMessageContaining("utilization must be in (0, 1]");
    }
}
