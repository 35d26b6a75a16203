package io.shepherd.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.shepherd.events.Evidence;
import io.shepherd.events.EvidenceItem;
import io.shepherd.events.HealthLevel;

class EvidenceTextTest {

    private static final Instant START = Instant.parse("2026-12-07T12:43:00Z");
    private static final Instant END = START.plusSeconds(10);

    private static EvidenceItem.Builder item(String cause, String subject, double value, Double threshold) {
        return EvidenceItem.newBuilder().setKind(cause).setSubject(subject).setValue(value).setThreshold(threshold);
    }

    static Stream<Arguments> everyCause() {
        return Stream.of(
                Arguments.of("DRIFT", item("DRIFT", "amount", 1.9934567, 0.2).setStatistic("psi").setSampleSize(1194L).setReferenceSize(600L),
                        "drift in amount, PSI 1.99 (limit 0.20), 1,194 values vs 600 in the reference"),
                Arguments.of("DRIFT", item("DRIFT", "embedding", 0.0412, 0.03).setStatistic("distance_ks").setSampleSize(800L).setReferenceSize(2000L),
                        "drift in embedding, KS of distances to the centroid 0.0412 (limit 0.03), 800 values vs 2,000 in the reference"),
                Arguments.of("DATA_QUALITY", item("DATA_QUALITY", "country", 0.1234, 0.05).setStatistic("unseen_rate").setSampleSize(1194L),
                        "data quality of country: categories unseen in the reference 12 % (limit 5 %), 1,194 values"),
                Arguments.of("DATA_QUALITY", item("DATA_QUALITY", "age", 0.085, 0.05).setStatistic("missing_rate_jump").setSampleSize(500L),
                        "data quality of age: missing values up 8.50 points over the reference (limit 5.00 points), 500 values"),
                Arguments.of("DATA_QUALITY", item("DATA_QUALITY", "amount", 0.021, 0.01).setStatistic("nan_rate").setSampleSize(500L),
                        "data quality of amount: NaN or infinite values 2.1 % (limit 1 %), 500 values"),
                Arguments.of("DATA_QUALITY", item("DATA_QUALITY", "amount", 0.3, 0.1).setStatistic("out_of_range_rate").setSampleSize(500L),
                        "data quality of amount: values outside the reference range 30 % (limit 10 %), 500 values"),
                Arguments.of("PERFORMANCE_DROP", item("PERFORMANCE_DROP", "accuracy", 0.0749, 0.05).setStatistic("relative_drop").setMeasured(0.8512)
                                .setReference(0.92).setLower(0.8201).setUpper(0.8773).setConfidence(0.95).setHigherIsBetter(true).setSampleSize(589L),
                        "accuracy 0.851 (95 % CI 0.820-0.877) vs baseline 0.920, -7.5 % (limit -5 %), 589 labels"),
                Arguments.of("PERFORMANCE_DROP", item("PERFORMANCE_DROP", "mae", 0.2, 0.05).setStatistic("relative_drop").setMeasured(14.4)
                                .setReference(12.0).setHigherIsBetter(false).setSampleSize(3000L),
                        "mae 14.4 vs baseline 12.0, +20 % (limit +5 %), 3,000 labels"),
                Arguments.of("ESTIMATED_DROP", item("ESTIMATED_DROP", "expected_accuracy", 0.045, 0.03).setStatistic("relative_drop")
                                .setMeasured(0.871).setReference(0.912).setHigherIsBetter(true).setSampleSize(1200L),
                        "estimated expected_accuracy 0.871 vs in the reference 0.912, -4.5 % (limit -3 %), 1,200 predictions without labels yet"),
                Arguments.of("LATENCY_SLA", item("LATENCY_SLA", "latency_p99_ms", 812.43, 500.0).setStatistic("latency_p99_ms").setSampleSize(3400L),
                        "p99 latency 812 ms (limit 500 ms), 3,400 requests"),
                Arguments.of("ERROR_RATE", item("ERROR_RATE", "error_rate", 0.075, 0.01).setStatistic("error_rate").setSampleSize(640L),
                        "error rate 7.5 % (limit 1 %), 48 errors in 640 requests"),
                Arguments.of("NO_DATA", item("NO_DATA", "model", 312_000, 120_000.0).setStatistic("silence_ms").setSince(Instant.parse("2026-12-07T12:41:03Z")),
                        "no predictions since 12:41:03Z, silent 5 min 12 s (limit 2 min)"),
                Arguments.of("STALE", item("STALE", "model", Duration.ofDays(31).toMillis(), (double) Duration.ofDays(30).toMillis()).setStatistic("age_ms")
                                .setSince(Instant.parse("2026-11-06T09:00:00Z")),
                        "version 31 days old (limit 30 days), deployed 2026-11-06"),
                Arguments.of("CANARY_WORSE", item("CANARY_WORSE", "accuracy", 0.0421, null).setStatistic("two_proportion_z").setMeasured(0.881)
                                .setReference(0.9231).setPValue(0.00031).setSampleSize(1200L).setReferenceSize(5000L).setHigherIsBetter(true),
                        "worse than the champion on accuracy, 0.881 vs 0.923, effect 0.0421, two-proportion z-test p = 0.00031 (n = 1,200 vs 5,000)"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("everyCause")
    void everyCauseReadsAsOneLineWithItsStatisticValueLimitAndSize(String cause, EvidenceItem.Builder item, String expected) {
        String fact = EvidenceText.fact(cause, item.build());

        assertThat(fact).isEqualTo(expected).doesNotContainPattern("NaN(?! or infinite)").doesNotContain("n/a").doesNotContainPattern("\\d{6,}");
    }

    @Test
    void aHeadlineNamesTheModelAndVersionOnceWithTheLevelTheFactAndTheWindow() {
        Evidence evidence = evidence(List.of(item("PERFORMANCE_DROP", "accuracy", 0.0749, 0.05).setStatistic("relative_drop").setMeasured(0.8512)
                .setReference(0.92).setLower(0.8201).setUpper(0.8773).setConfidence(0.95).setHigherIsBetter(true).setSampleSize(589L).build()));

        assertThat(EvidenceText.headline("fraud-scorer", "v2", HealthLevel.CRITICAL, "PERFORMANCE_DROP", evidence))
                .isEqualTo("fraud-scorer v2 CRITICAL: accuracy 0.851 (95 % CI 0.820-0.877) vs baseline 0.920, -7.5 % (limit -5 %), 589 labels, 12:43:00-12:43:10Z");
    }

    @Test
    void aStatementTakesTheTopItemOfItsOwnCauseAndCountsTheOthers() {
        Evidence evidence = evidence(List.of(
                item("PERFORMANCE_DROP", "accuracy", 0.2, 0.15).build(),
                item("DRIFT", "amount", 1.99, 0.2).setStatistic("psi").setSampleSize(1194L).setReferenceSize(600L).build(),
                item("DRIFT", "age", 0.31, 0.2).setStatistic("psi").build(),
                item("DRIFT", "country", 0.25, 0.2).setStatistic("psi").build()));

        assertThat(EvidenceText.statement("DRIFT", evidence))
                .isEqualTo("drift in amount, PSI 1.99 (limit 0.20), 1,194 values vs 600 in the reference, and 2 more features, 12:43:00-12:43:10Z");
    }

    @Test
    void anItemWrittenBeforeTheStructuredFieldsStillReadsWithoutNaN() {
        EvidenceItem old = item("PERFORMANCE_DROP", "accuracy", 0.2643, 0.15).setDetail("accuracy 0.6771 [0.64, 0.71] vs baseline 0.9200, 311 labels").build();
        EvidenceItem canary = item("CANARY_WORSE", "accuracy", 0.04, Double.NaN).build();

        assertThat(EvidenceText.fact("PERFORMANCE_DROP", old)).isEqualTo("accuracy dropped 26 % (limit 15 %)");
        assertThat(EvidenceText.fact("CANARY_WORSE", canary)).isEqualTo("worse than the champion on accuracy, effect 0.04").doesNotContain("NaN");
    }

    @Test
    void withoutAnItemOfItsCauseTheStatementFallsBackToTheEvidenceSummary() {
        Evidence evidence = Evidence.newBuilder().setSummary("fraud-scorer v2 NONE -> WARNING").setItems(List.of()).setSourceEventIds(List.of()).build();

        assertThat(EvidenceText.statement("UNSPECIFIED", evidence)).isEqualTo("fraud-scorer v2 NONE -> WARNING");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.2, 0.20", "0.851, 0.851", "1.9934, 1.99", "12.34, 12.3", "812.4, 812", "1194, '1,194'", "0.0412, 0.0412", "0, 0",
            "-0.0749, -0.0749", "NaN, n/a"})
    void valuesHaveThreeSignificantDigits(double value, String expected) {
        assertThat(Numbers.value(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.075, 7.5 %", "0.05, 5 %", "0.1234, 12 %", "0.0004, 0.04 %", "0, 0 %"})
    void percentagesHaveAtMostOneDecimal(double share, String expected) {
        assertThat(Numbers.percent(share)).isEqualTo(expected);
    }

    @Test
    void windowsAcrossMidnightCarryTheirDates() {
        assertThat(EvidenceText.window(Instant.parse("2026-12-06T23:00:00Z"), Instant.parse("2026-12-07T01:00:00Z")))
                .isEqualTo("2026-12-06 23:00-2026-12-07 01:00Z");
        assertThat(EvidenceText.window(Instant.parse("2026-12-06T23:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")))
                .isEqualTo("23:00:00-00:00:00Z");
    }

    private static Evidence evidence(List<EvidenceItem> items) {
        return Evidence.newBuilder().setWindowStart(START).setWindowEnd(END).setSummary("s").setItems(items).setSourceEventIds(List.of()).build();
    }
}
