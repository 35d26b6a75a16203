package io.shepherd.projections.it;

import static io.shepherd.projections.Events.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;

import io.shepherd.contract.Topics;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.projections.Events;
import io.shepherd.projections.ProjectionService;
import io.shepherd.projections.consumer.RunnerOptions;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.sink.SinkOptions;
import io.shepherd.stack.LocalStack;
import io.shepherd.stack.junit.LocalStackExtension;

/**
 * The aggregations behind the Model health dashboard's panels (terms, date_histogram, max, percentiles), run on
 * projected documents on the real node, give the numbers the events imply.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardAggregationsIT {

    private static final String MODEL = "aggregations-it";
    private static final long T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(8, ChronoUnit.HOURS).toEpochMilli();
    /** PSI per feature in four hourly windows; DRIFT when above 0.2. */
    private static final Map<String, double[]> PSI = new LinkedHashMap<>(Map.of(
            "amount", new double[] {0.05, 0.25, 0.31, 0.40},
            "country", new double[] {0.01, 0.02, 0.22, 0.03},
            "device_age", new double[] {0.10, 0.11, 0.12, 0.13}));
    private static final double[] P99 = {100, 200, 300, 400, 500};
    private static Harness harness;

    @BeforeAll
    static void projectKnownEvents(LocalStack stack) throws Exception {
        harness = new Harness(stack);
        Events v7 = new Events(MODEL, "v7");
        PSI.forEach((feature, values) -> {
            for (int w = 0; w < values.length; w++) {
                harness.send(Topics.DRIFT_SCORES, MODEL, v7.drift(feature, T0 + w * HOUR, values[w],
                        values[w] > 0.2 ? DriftVerdict.DRIFT : DriftVerdict.NO_DRIFT));
            }
        });
        for (int w = 0; w < P99.length; w++) {
            harness.send(Topics.SERVING_HEALTH, MODEL, v7.serving(T0 + w * HOUR, P99[w] / 10, P99[w] / 2, P99[w]));
        }
        harness.send(Topics.MODEL_HEALTH, MODEL, v7.health(HealthLevel.NONE, HealthLevel.WARNING, T0 + HOUR));
        harness.send(Topics.MODEL_HEALTH, MODEL, v7.health(HealthLevel.WARNING, HealthLevel.CRITICAL, T0 + 2 * HOUR));
        harness.send(Topics.MODEL_HEALTH, MODEL, new Events(MODEL, "v8").health(HealthLevel.NONE, HealthLevel.NONE, T0 + 2 * HOUR));
        ProjectionService service = ProjectionService.start(harness.config(Harness.group("aggregations-it")),
                SinkOptions.defaults(), new RunnerOptions(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500)));
        try {
            Harness.await("the projected documents", Duration.ofSeconds(60),
                    () -> harness.count(ProjectionIndex.DRIFT_SCORES, MODEL) == 12
                            && harness.count(ProjectionIndex.SERVING_HEALTH, MODEL) == 5
                            && harness.count(ProjectionIndex.MODEL_HEALTH, MODEL) == 3);
        } finally {
            service.close();
        }
    }

    @AfterAll
    static void close() {
        harness.close();
    }

    @Test
    void topDriftingFeaturesCountDriftingWindowsPerFeature() throws Exception {
        SearchResponse<Void> response = harness.es.search(s -> s.index(ProjectionIndex.DRIFT_SCORES.indexName()).size(0)
                .query(and(Query.of(q -> q.term(t -> t.field("drifting").value(true)))))
                .aggregations("features", a -> a.terms(t -> t.field("feature").size(10))
                        .aggregations("highest", m -> m.max(x -> x.field("decidingValue")))), Void.class);

        List<StringTermsBucket> buckets = response.aggregations().get("features").sterms().buckets().array();
        assertThat(buckets).extracting(b -> b.key().stringValue()).containsExactly("amount", "country");
        assertThat(buckets).extracting(StringTermsBucket::docCount).containsExactly(3L, 1L);
        assertThat(buckets.get(0).aggregations().get("highest").max().value()).isEqualTo(0.40);
    }

    @Test
    void driftHeatmapHasTheHighestScoreOfEachFeatureInEachHour() throws Exception {
        SearchResponse<Void> response = harness.es.search(s -> s.index(ProjectionIndex.DRIFT_SCORES.indexName()).size(0)
                .query(and(null))
                .aggregations("time", a -> a.dateHistogram(d -> d.field("@timestamp").calendarInterval(CalendarInterval.Hour))
                        .aggregations("feature", t -> t.terms(x -> x.field("feature").size(25))
                                .aggregations("score", m -> m.max(x -> x.field("decidingValue"))))), Void.class);

        Map<String, double[]> grid = new TreeMap<>();
        List<DateHistogramBucket> hours = response.aggregations().get("time").dateHistogram().buckets().array();
        assertThat(hours).hasSize(4);
        for (int w = 0; w < hours.size(); w++) {
            assertThat(hours.get(w).key()).isEqualTo(T0 + w * HOUR);
            for (StringTermsBucket f : hours.get(w).aggregations().get("feature").sterms().buckets().array()) {
                grid.computeIfAbsent(f.key().stringValue(), k -> new double[4])[w] = f.aggregations().get("score").max().value();
            }
        }
        assertThat(grid).containsOnlyKeys(PSI.keySet());
        PSI.forEach((feature, values) -> assertThat(grid.get(feature)).containsExactly(values));
    }

    @Test
    void latencyPercentilesAreThoseOfTheProjectedWindows() throws Exception {
        SearchResponse<Void> response = harness.es.search(s -> s.index(ProjectionIndex.SERVING_HEALTH.indexName()).size(0)
                .query(and(null))
                .aggregations("overall", a -> a.percentiles(p -> p.field("latencyP99Ms").percents(50.0)))
                .aggregations("time", a -> a.dateHistogram(d -> d.field("@timestamp").calendarInterval(CalendarInterval.Hour))
                        .aggregations("p99", p -> p.percentiles(x -> x.field("latencyP99Ms").percents(99.0)))), Void.class);

        assertThat(percentile(response.aggregations().get("overall"), "50.0")).isCloseTo(300.0, within(1e-9));
        List<DateHistogramBucket> hours = response.aggregations().get("time").dateHistogram().buckets().array();
        assertThat(hours).extracting(h -> percentile(h.aggregations().get("p99"), "99.0")).containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
    }

    @Test
    void escalationTimelineHasTheHighestLevelPerVersionAndHour() throws Exception {
        SearchResponse<Void> response = harness.es.search(s -> s.index(ProjectionIndex.MODEL_HEALTH.indexName()).size(0)
                .query(and(null))
                .aggregations("version", a -> a.terms(t -> t.field("modelVersion"))
                        .aggregations("level", m -> m.max(x -> x.field("levelRank")))), Void.class);

        Map<String, Double> levels = new TreeMap<>();
        response.aggregations().get("version").sterms().buckets().array()
                .forEach(b -> levels.put(b.key().stringValue(), b.aggregations().get("level").max().value()));
        assertThat(levels).containsExactlyEntriesOf(new TreeMap<>(Map.of("v7", 2.0, "v8", 0.0)));
    }

    /** The drill-down of the alert router's link: modelId and modelVersion, as keywords. */
    private static Query and(Query extra) {
        return Query.of(q -> q.bool(b -> {
            b.filter(Harness.byModel(MODEL));
            if (extra != null) {
                b.filter(extra);
            }
            return b;
        }));
    }

    private static double percentile(Aggregate aggregate, String key) {
        return aggregate.tdigestPercentiles().values().keyed().get(key) == null
                ? Double.NaN : Double.parseDouble(aggregate.tdigestPercentiles().values().keyed().get(key));
    }
}
