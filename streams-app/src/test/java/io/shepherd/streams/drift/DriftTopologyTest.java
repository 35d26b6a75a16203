package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shepherd.events.DriftScored;
import io.shepherd.events.DriftVerdict;
import io.shepherd.events.HealthLevel;
import io.shepherd.events.ModelHealthChanged;
import io.shepherd.streams.EvidenceChecks;
import io.shepherd.streams.window.WindowGrid;

class DriftTopologyTest {

    private static final long T0 = 1_764_064_800_000L;
    /** 50 events a second: 500 per 10 s window, 250 per pane. */
    private static final long STEP = 20;

    private DriftTestDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(DriftSettings settings) throws Exception {
        driver = new DriftTestDriver(model -> settings);
        driver.deploy("fraud", "v1", T0, null);
    }

    /** Sends events from {@code from} to {@code to} (event time, ms), values drawn by {@code values}. */
    private long stream(long from, long to, Random random, java.util.function.Function<Random, Map<String, Object>> values) {
        long t = from;
        for (; t < to; t += STEP) {
            driver.observe("fraud", "v1", t, values.apply(random));
        }
        return t;
    }

    private static Map<String, Object> normal(Random r, double mean, double sd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", mean + sd * r.nextGaussian());
        m.put("country", new String[] {"DE", "FR", "IT"}[r.nextInt(3)]);
        return m;
    }

    private List<ModelHealthChanged> changes() {
        return driver.health().stream().filter(h -> !h.getHeartbeat()).toList();
    }

    @Test
    void abruptMeanShiftReachesWarningAfterTwoDriftingWindows() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(1);
        long t = stream(T0, T0 + 40_000, random, r -> normal(r, 100, 10));
        assertThat(changes()).isEmpty();

        t = stream(t, T0 + 70_000, random, r -> normal(r, 115, 10));

        assertThat(changes()).hasSize(1);
        ModelHealthChanged warning = changes().get(0);
        assertThat(warning.getLevel()).isEqualTo(HealthLevel.WARNING);
        // A 1.5 sigma shift also puts more than 5 % of the values beyond the reference's maximum: a data-quality signal.
        assertThat(warning.getCauses()).containsExactlyInAnyOrder("DRIFT", "DATA_QUALITY");
        assertThat(warning.getEvidence().getItems()).extracting(i -> i.getKind() + ":" + i.getSubject())
                .contains("DRIFT:amount", "DATA_QUALITY:amount");
        // Windows end every 5 s: [40 s, 50 s) is the first fully shifted one, and k = 2 windows are needed.
        assertThat(warning.getEventTime().toEpochMilli()).isEqualTo(T0 + 50_000);
        assertThat(warning.getEvidence().getSourceEventIds()).contains("drift:fraud:v1:amount:" + (T0 + 50_000));
        DriftScored amount = lastScore("amount");
        assertThat(amount.getVerdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(amount.getScores().get("psi")).isGreaterThan(0.2);
        assertThat(lastScore("country").getVerdict()).isEqualTo(DriftVerdict.NO_DRIFT);
        assertThat(warning.getEvidence().getItems()).filteredOn(i -> i.getKind().equals("DRIFT")).singleElement().satisfies(psi -> {
            assertThat(psi.getStatistic()).isEqualTo("psi");
            assertThat(psi.getSampleSize()).isEqualTo(500);
            assertThat(psi.getReferenceSize()).isEqualTo(500);
        });
        assertThat(warning.getEvidence().getItems()).filteredOn(i -> i.getKind().equals("DATA_QUALITY"))
                .extracting(i -> i.getStatistic()).contains("out_of_range_rate");
        EvidenceChecks.stateTheirFacts(driver.health());
    }

    @Test
    void varianceChangeReachesWarning() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(2);
        long t = stream(T0, T0 + 40_000, random, r -> normal(r, 100, 10));

        stream(t, T0 + 70_000, random, r -> normal(r, 100, 30));

        assertThat(changes()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.WARNING);
        assertThat(lastScore("amount").getScores().get("ks")).isGreaterThan(lastScore("amount").getScores().get("ks_critical"));
    }

    @Test
    void newCategoryReachesWarning() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(3);
        long t = stream(T0, T0 + 40_000, random, r -> normal(r, 100, 10));

        stream(t, T0 + 70_000, random, r -> {
            Map<String, Object> m = normal(r, 100, 10);
            if (r.nextDouble() < 0.4) {
                m.put("country", "BR");
            }
            return m;
        });

        assertThat(changes()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.WARNING);
        assertThat(lastScore("country").getScores().get("unseen_rate")).isGreaterThan(0.3);
        assertThat(lastScore("country").getVerdict()).isEqualTo(DriftVerdict.DRIFT);
    }

    @Test
    void fewerThanTheMinimumSamplesIsInsufficientDataNeverAnAlarm() throws Exception {
        start(TestSettings.demo(1_000, 500));
        Random random = new Random(4);
        long t = stream(T0, T0 + 40_000, random, r -> normal(r, 100, 10));
        stream(t, T0 + 70_000, random, r -> normal(r, 150, 10));

        assertThat(driver.scores()).isNotEmpty().allSatisfy(s -> assertThat(s.getVerdict()).isEqualTo(DriftVerdict.INSUFFICIENT_DATA));
        assertThat(driver.health()).isEmpty();
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndTheRestAreScored() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(5);
        long t = stream(T0, T0 + 20_000, random, r -> normal(r, 100, 10));
        byte[] garbage = "{\"not\":\"avro\"}".getBytes();
        driver.observeRaw("fraud", garbage, t);
        driver.observe("fraud", "v1", t, Map.of("amount", Double.NaN, "country", "DE"));
        driver.observe("fraud", "v1", t, Map.of("amount", "a lot", "country", "DE"));
        driver.observe("ghost", "v9", t, Map.of("amount", 1.0));
        driver.observeRaw("fraud", new byte[] {0, 0, 0, 0x7f, 0x11, 2}, t);
        driver.observe("fraud", "v1", T0, Map.of("amount", 100.0, "country", "DE"));
        stream(t, T0 + 40_000, random, r -> normal(r, 100, 10));

        // The version never deployed waits for its DEPLOYED event until stream time has passed it, so its letter is last.
        assertThat(driver.deadLetters()).extracting(d -> d.getReason())
                .containsExactly("WRONG_MAGIC_BYTE", "NAN_VALUE", "WRONG_TYPE", "UNKNOWN_SCHEMA_ID", "LATE", "UNKNOWN_MODEL");
        assertThat(driver.deadLetters().get(0).getOriginalValue().array()).isEqualTo(garbage);
        assertThat(driver.deadLetters().get(5).getModelId()).isEqualTo("ghost");
        assertThat(driver.deadLetters()).allSatisfy(d -> assertThat(d.getDetail()).isNotBlank());
        assertThat(driver.scores()).filteredOn(s -> s.getFeature().equals("amount") && s.getVerdict() != DriftVerdict.INSUFFICIENT_DATA)
                .isNotEmpty().allSatisfy(s -> assertThat(s.getVerdict()).isEqualTo(DriftVerdict.NO_DRIFT));
        assertThat(driver.scores()).filteredOn(s -> s.getFeature().equals("amount")).last()
                .satisfies(s -> assertThat(s.getScores().get("nan_rate")).isEqualTo(0.0));
    }

    @Test
    void rotatedEmbeddingReachesWarning() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(6);
        long t = stream(T0, T0 + 40_000, random, r -> Map.of("merchant_embedding", embedding(r, 0)));

        stream(t, T0 + 70_000, random, r -> Map.of("merchant_embedding", embedding(r, Math.PI / 2)));

        assertThat(changes()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.WARNING);
        DriftScored embedding = lastScore("merchant_embedding");
        assertThat(embedding.getFeatureKind().name()).isEqualTo("EMBEDDING");
        assertThat(embedding.getScores().get("centroid_cosine")).isGreaterThan(0.5);
    }

    @Test
    void anEmbeddingWhoseSpreadGrowsDriftsOnItsDistancesAndSaysSo() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(8);
        long t = stream(T0, T0 + 40_000, random, r -> Map.of("merchant_embedding", embedding(r, 0, 0.2)));

        stream(t, T0 + 70_000, random, r -> Map.of("merchant_embedding", embedding(r, 0, 0.6)));

        assertThat(changes()).extracting(ModelHealthChanged::getLevel).containsExactly(HealthLevel.WARNING);
        DriftScored embedding = lastScore("merchant_embedding");
        assertThat(embedding.getVerdict()).isEqualTo(DriftVerdict.DRIFT);
        assertThat(embedding.getScores().get("centroid_cosine")).isLessThan(0.05);
        assertThat(embedding.getDecidingScore()).isEqualTo("distance_ks");
        assertThat(embedding.getThreshold()).isEqualTo(embedding.getScores().get("distance_ks_critical"));
        assertThat(embedding.getScores().get("distance_ks")).isGreaterThan(embedding.getThreshold());
    }

    @Test
    void identicalDistributionsOverSixtyWindowsWithFiftyFeaturesRaiseNoAlarm() throws Exception {
        start(TestSettings.demo(100, 500));
        Random random = new Random(7);

        stream(T0, T0 + 300_000, random, r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int f = 0; f < 47; f++) {
                m.put("x" + f, f % 2 == 0 ? r.nextGaussian() : Math.exp(r.nextGaussian()));
            }
            for (int f = 0; f < 3; f++) {
                m.put("c" + f, "k" + (int) Math.floor(Math.abs(r.nextGaussian()) * 3));
            }
            return m;
        });

        long scoredWindows = driver.scores().stream().filter(s -> s.getVerdict() != DriftVerdict.INSUFFICIENT_DATA)
                .map(s -> s.getWindowEnd()).distinct().count();
        assertThat(scoredWindows).isGreaterThanOrEqualTo(55);
        assertThat(driver.health()).isEmpty();
    }

    @Test
    void hysteresisKeepsAnAlternatingBoundaryCaseFromFlapping() throws Exception {
        // Tumbling 5 s windows whose data alternates between the reference and a shift: never k = 2 bad windows in a row.
        DriftSettings base = TestSettings.demo(100, 500);
        DriftSettings tumbling = new DriftSettings(new WindowGrid(5_000, 5_000, 1_000), base.minSamples(), base.compression(),
                base.maxCategories(), base.psiBins(), base.numericScore(), base.numericThreshold(), base.categoricalScore(),
                base.categoricalThreshold(), base.embeddingThreshold(), base.correction(), base.falseDiscoveryRate(), base.driftFalseAlarmBudget(), base.importance(),
                base.driftShare(), base.criticalImportance(), base.missingRateJump(), base.nanRateLimit(), 1.0, base.unseenRateLimit(),
                base.driftCanReachCritical(), base.hysteresis(), base.referenceKind(), base.referenceEvents(), base.referenceDurationMs(),
                base.referenceRangeStart(), base.referenceRangeEnd());
        start(tumbling);
        Random random = new Random(8);
        long t = stream(T0, T0 + 20_000, random, r -> normal(r, 100, 10));
        for (int window = 0; window < 12; window++) {
            double mean = window % 2 == 0 ? 113 : 100;
            t = stream(t, t + 5_000, random, r -> normal(r, mean, 10));
        }
        stream(t, t + 2_000, random, r -> normal(r, 100, 10));

        List<DriftScored> amount = driver.scores().stream()
                .filter(s -> s.getFeature().equals("amount") && s.getVerdict() != DriftVerdict.INSUFFICIENT_DATA).toList();
        assertThat(amount.stream().filter(s -> s.getVerdict() == DriftVerdict.DRIFT).count()).isGreaterThanOrEqualTo(5);
        assertThat(driver.health()).isEmpty();
    }

    /** A 16-dimensional vector around a unit mean rotated by {@code angle} in the first two dimensions. */
    private static List<Float> embedding(Random r, double angle) {
        return embedding(r, angle, 0.2);
    }

    private static List<Float> embedding(Random r, double angle, double spread) {
        Float[] v = new Float[16];
        for (int d = 0; d < 16; d++) {
            double mean = d == 0 ? Math.cos(angle) : d == 1 ? Math.sin(angle) : 0;
            v[d] = (float) (mean + spread * r.nextGaussian());
        }
        return List.of(v);
    }

    private DriftScored lastScore(String feature) {
        return driver.scores().stream().filter(s -> s.getFeature().equals(feature) && s.getVerdict() != DriftVerdict.INSUFFICIENT_DATA)
                .reduce((a, b) -> b).orElseThrow();
    }

}
