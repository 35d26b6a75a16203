package io.shepherd.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shepherd.events.ReferenceKind;
import io.shepherd.streams.health.Hysteresis;

class PolicyBookTest {

    /** The defaults as POLICIES.md documents them; the bundled resource must hold exactly these. */
    static final ModelPolicy DOCUMENTED_DEFAULTS = new ModelPolicy(
            Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofMinutes(5), 200,
            ReferenceSpec.firstEvents(1000),
            100, 200, 10,
            new NumericScoring("psi", 0.2, 0.1, 0.1, 0.1),
            new CategoricalScoring("psi", 0.2, 0.1, 0.1),
            0.05,
            new PValueCorrection("BH", 0.05),
            new DriftTest(1e6),
            Map.of(), 0.1, 3.0, false,
            new DataQualityLimits(0.1, 0.01, 0.05, 0.05),
            new Hysteresis(2, 3, 12),
            new PerformanceLimits(0.05, 0.15, true, Duration.ofDays(7), 100, 0.5, 0.95, null, 0.05, 1e6, true),
            new ServingLimits(null, null, 0.05, 50),
            new Liveness(Duration.ofMinutes(15), null),
            new ChallengerLimits(0.05, 200),
            24);

    @Test
    void defaultsOnlyGiveEveryModelTheBundledDefaults() {
        PolicyBook book = PolicyBook.withDefaultsOnly();

        assertThat(book.forModel("x")).isEqualTo(DOCUMENTED_DEFAULTS);
        assertThat(book.defaults()).isEqualTo(DOCUMENTED_DEFAULTS);
        assertThat(book.modelsWithOverrides()).isEmpty();
        assertThat(PolicyBook.fromJson("{}").forModel("x")).isEqualTo(DOCUMENTED_DEFAULTS);
    }

    @Test
    void aModelOverrideChangesOnlyTheFieldsItLists() {
        PolicyBook book = PolicyBook.fromJson("""
                {"models": {"fraud-scorer": {"windowSize": "PT10M", "featureImportance": {"amount": 3.0},
                                             "hysteresis": {"windowsToEscalate": 3}}}}
                """);

        ModelPolicy fraud = book.forModel("fraud-scorer");
        assertThat(fraud.windowSize()).isEqualTo(Duration.ofMinutes(10));
        assertThat(fraud.importanceOf("amount")).isEqualTo(3.0);
        assertThat(fraud.importanceOf("country")).isEqualTo(1.0);
        assertThat(fraud.hysteresis()).isEqualTo(new Hysteresis(3, 3, 12));
        assertThat(fraud.gracePeriod()).isEqualTo(DOCUMENTED_DEFAULTS.gracePeriod());
        assertThat(fraud.numeric()).isEqualTo(DOCUMENTED_DEFAULTS.numeric());
        assertThat(book.forModel("churn")).isEqualTo(DOCUMENTED_DEFAULTS);
        assertThat(book.modelsWithOverrides()).containsExactly("fraud-scorer");
    }

    @Test
    void bookDefaultsApplyToEveryModelAndModelOverridesApplyOverThem() {
        PolicyBook book = PolicyBook.fromJson("""
                {"defaults": {"windowSize": "PT30S", "windowAdvance": "PT10S", "minSamples": 50,
                              "featureImportance": {"amount": 2.0}},
                 "models": {"fraud-scorer": {"minSamples": 20, "featureImportance": {"country": 0.5}}}}
                """);

        assertThat(book.forModel("churn").windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(book.forModel("churn").minSamples()).isEqualTo(50);
        ModelPolicy fraud = book.forModel("fraud-scorer");
        assertThat(fraud.windowAdvance()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fraud.minSamples()).isEqualTo(20);
        assertThat(fraud.featureImportance()).containsExactlyInAnyOrderEntriesOf(Map.of("amount", 2.0, "country", 0.5));
    }

    @Test
    void theReferenceKindsOfTheLifecycleContractCanAllBeChosen() {
        PolicyBook book = PolicyBook.fromJson("""
                {"models": {
                   "a": {"reference": {"kind": "FIRST_DURATION", "duration": "PT2H"}},
                   "b": {"reference": {"kind": "EXPLICIT_SET", "referenceSetId": "golden-2025-01"}},
                   "c": {"reference": {"kind": "PINNED_RANGE", "rangeStart": "2025-01-01T00:00:00Z",
                                       "rangeEnd": "2025-01-08T00:00:00Z"}},
                   "d": {"reference": {"events": 5000}}}}
                """);

        assertThat(book.forModel("a").reference()).isEqualTo(ReferenceSpec.firstDuration(Duration.ofHours(2)));
        assertThat(book.forModel("b").reference()).isEqualTo(ReferenceSpec.explicitSet("golden-2025-01"));
        assertThat(book.forModel("c").reference()).isEqualTo(ReferenceSpec.pinnedRange(
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-08T00:00:00Z")));
        assertThat(book.forModel("d").reference()).isEqualTo(ReferenceSpec.firstEvents(5000));
    }

    @Test
    void referenceKindsMirrorTheAvroContract() {
        assertThat(Arrays.stream(ReferenceSpec.Kind.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(ReferenceKind.values()).map(Enum::name).toList());
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFieldAndTheModel() {
        assertThatThrownBy(() -> PolicyBook.fromJson("""
                {"models": {"fraud-scorer": {"windowSise": "PT10M"}}}"""))
                .isInstanceOf(PolicyException.class)
                .hasMessage("model 'fraud-scorer': unknown field 'windowSise' (did you mean 'windowSize'?)");
        assertThatThrownBy(() -> PolicyBook.withDefaultsOnly().withModel("fraud-scorer", """
                {"hysteresis": {"windowsToEscalte": 3}}"""))
                .hasMessage("model 'fraud-scorer': unknown field 'hysteresis.windowsToEscalte' (did you mean 'windowsToEscalate'?)");
        assertThatThrownBy(() -> PolicyBook.withDefaultsOnly().withModel("fraud-scorer", """
                {"alerting": {"slack": "#ml"}}"""))
                .hasMessageStartingWith("model 'fraud-scorer': unknown field 'alerting'; known fields: windowSize, ");
        assertThatThrownBy(() -> PolicyBook.fromJson("""
                {"defaults": {"minSample": 100}}"""))
                .hasMessage("policy defaults: unknown field 'minSample' (did you mean 'minSamples'?)");
        assertThatThrownBy(() -> PolicyBook.fromJson("""
                {"model": {"fraud-scorer": {}}}"""))
                .hasMessageContaining("unknown top-level field 'model'");
    }

    @Test
    void featureNamesAreFreeKeysNotFields() {
        ModelPolicy policy = PolicyBook.withDefaultsOnly()
                .withModel("m", "{\"featureImportance\": {\"any-feature.name\": 0.0}}").forModel("m");

        assertThat(policy.importanceOf("any-feature.name")).isZero();
    }

    @Test
    void aTopicRecordReplacesTheModelsWholeOverrideAndLeavesTheOldBookAlone() {
        PolicyBook before = PolicyBook.withDefaultsOnly().withModel("fraud-scorer", "{\"windowSize\": \"PT10M\"}");

        PolicyBook after = before.withModel("fraud-scorer", "{\"minSamples\": 50}");

        assertThat(after.forModel("fraud-scorer").minSamples()).isEqualTo(50);
        assertThat(after.forModel("fraud-scorer").windowSize()).isEqualTo(Duration.ofHours(1));
        assertThat(before.forModel("fraud-scorer").windowSize()).isEqualTo(Duration.ofMinutes(10));
        assertThat(before.forModel("fraud-scorer").minSamples()).isEqualTo(200);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "null"})
    void aTombstoneRemovesTheOverride(String tombstone) {
        PolicyBook book = PolicyBook.withDefaultsOnly().withModel("fraud-scorer", "{\"minSamples\": 50}");

        PolicyBook removed = book.withModel("fraud-scorer", tombstone);

        assertThat(removed.forModel("fraud-scorer")).isEqualTo(DOCUMENTED_DEFAULTS);
        assertThat(removed.modelsWithOverrides()).isEmpty();
        assertThat(PolicyBook.withDefaultsOnly().withModel("never-seen", tombstone).modelsWithOverrides()).isEmpty();
    }

    @Test
    void aBadTopicRecordIsRefusedAndTheBookStaysInForce() {
        PolicyBook book = PolicyBook.withDefaultsOnly().withModel("fraud-scorer", "{\"minSamples\": 50}");

        assertThatThrownBy(() -> book.withModel("fraud-scorer", "{\"minSamples\": 50"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("model 'fraud-scorer': not valid JSON");
        assertThatThrownBy(() -> book.withModel("fraud-scorer", "[1, 2]"))
                .hasMessage("model 'fraud-scorer': a policy must be a JSON object, got array");
        assertThatThrownBy(() -> book.withModel(" ", "{}")).hasMessageContaining("model id must not be blank");
        assertThat(book.forModel("fraud-scorer").minSamples()).isEqualTo(50);
    }

    @Test
    void loadsABookFromAFileAndNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("policies.json"), """
                {"models": {"fraud-scorer": {"windowSize": "PT10M"}}}""");
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"models": {"fraud-scorer": {"windowSize": "10 minutes"}}}""");

        assertThat(PolicyBook.load(good).forModel("fraud-scorer").windowSize()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> PolicyBook.load(bad))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("model 'fraud-scorer'")
                .hasMessageContaining("windowSize")
                .hasMessageContaining("ISO-8601 duration");
        assertThatThrownBy(() -> PolicyBook.load(dir.resolve("missing.json")))
                .hasMessageContaining("cannot read policy file");
    }
}
