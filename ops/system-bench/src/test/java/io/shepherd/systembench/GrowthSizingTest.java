package io.shepherd.systembench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrowthSizingTest {

    @ParameterizedTest(name = "{0} requests, {1} records/s steady, {2} late in the run: next {3}")
    @CsvSource({
            // 10,000 records/s late: 45 s of it takes 450,000 records, 150,000 requests
            "20000, 8000, 10000, 150000",
            // a second half slowed by a neighbour: the whole steady rate, 35,000 records/s
            "251953, 35000, 19245, 525000",
            // 225 records/s: 45 s is 3,375 requests, fewer than it had; one more than it had
            "20000, 225, 225, 20001"})
    void aRerunAimsAtHalfAgainTheSteadyTimeAskedForAtTheFasterRateOfTheLastRun(long requests, double steadyRate, double lateRate,
                                                                               long next) {
        Drain drain = new Drain(3 * requests, 10, (long) (steadyRate * 5), 5, new ProcessMemory(0, 0), lateRate);
        var run = new GrowthBenchmark.Run(new GrowthData.Cell(10, 1, requests, 3 * requests, 1), drain, "1g", 0, 0);

        assertThat(GrowthBenchmark.nextRequests(run, Duration.ofSeconds(30))).isEqualTo(next);
    }

    @Test
    void theLateRateIsTheRateFromTheMiddleOfTheSteadyTimeToItsEnd() {
        long s = 1_000_000_000L;
        // 1,000 records/s in the first 4 s (warm-up), 5,000 records/s in the last 4
        List<long[]> samples = List.of(new long[] {0, 100}, new long[] {2 * s, 2100}, new long[] {4 * s, 4100}, new long[] {6 * s, 14100},
                new long[] {8 * s, 24100});

        assertThat(Drain.lateRate(samples, 0, 8 * s, 24100)).isEqualTo(5000.0);
    }
}
