package io.shepherd.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelPolicyValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # override of model fraud-scorer                       | the error says
            {"windowAdvance": "PT2H"}                               | windowAdvance (PT2H) must not exceed windowSize (PT1H)
            {"windowSize": "PT0S"}                                  | windowSize must be a positive duration, got PT0S
            {"windowSize": "1h"}                                    | field 'windowSize' has a wrong type or format
            {"windowSize": 3600}                                    | expected an ISO-8601 duration such as PT1H
            {"gracePeriod": "-PT1M"}                                | gracePeriod must not be negative
            {"minSamples": 0}                                       | minSamples must be >= 1, got 0
            {"minSamples": 2.5}                                     | field 'minSamples' has a wrong type or format
            {"minSamples": "200"}                                   | field 'minSamples' has a wrong type or format
            {"minSamples": null}                                    | field 'minSamples' has a wrong type or format
            {"psiBins": 1}                                          | psiBins must be >= 2, got 1
            {"tdigestCompression": 5}                               | tdigestCompression must be in [10, 10000], got 5.0
            {"maxCategories": 1}                                    | maxCategories must be >= 2, got 1
            {"numeric": {"decidingScore": "kl"}}                    | numeric.decidingScore must be one of [js, ks, psi, wasserstein], got 'kl'
            {"numeric": {"psi": -0.2}}                              | numeric.psi must be a finite number > 0, got -0.2
            {"numeric": {"psiModerate": 0.3}}                       | numeric.psiModerate (0.3) must not exceed numeric.psi (0.2)
            {"numeric": {"js": 1.5}}                                | numeric.js must be in (0, 1], got 1.5
            {"categorical": {"decidingScore": "gini"}}              | categorical.decidingScore must be one of [chi2, js, linf, psi], got 'gini'
            {"categorical": {"linf": 0}}                            | categorical.linf must be in (0, 1], got 0.0
            {"embeddingCentroidCosine": 0}                          | embeddingCentroidCosine must be in (0, 2], got 0.0
            {"multipleTesting": {"method": "HOLM"}}                 | multipleTesting.method must be one of [BH, BONFERRONI, NONE], got 'HOLM'
            {"multipleTesting": {"level": 1}}                       | multipleTesting.level must be in (0, 1), got 1.0
            {"featureImportance": {"amount": -1}}                   | featureImportance.amount must be a finite number >= 0, got -1.0
            {"driftShare": 1.5}                                     | driftShare must be in (0, 1], got 1.5
            {"criticalImportance": 0}                               | criticalImportance must be a finite number > 0, got 0.0
            {"driftCanReachCritical": "yes"}                        | field 'driftCanReachCritical' has a wrong type or format
            {"dataQuality": {"nanRate": 0}}                         | dataQuality.nanRate must be in (0, 1], got 0.0
            {"hysteresis": {"windowsToEscalate": 0}}                | windowsToEscalate must be >= 1, got 0
            {"hysteresis": {"heartbeatEveryWindows": -1}}           | heartbeatEveryWindows must be >= 0 (0 disables heartbeats), got -1
            {"hysteresis": 2}                                       | field 'hysteresis' must be an object, got number
            {"performance": {"emergencyDrop": 0.04}}                | performance.emergencyDrop (0.04) must be greater than performance.criticalDrop (0.05)
            {"reference": {"kind": "FIRST_DURATION"}}               | reference.duration (for FIRST_DURATION) is required
            {"reference": {"kind": "LAST_EVENTS"}}                  | field 'reference.kind' has a wrong type or format
            {"reference": {"events": 0}}                            | reference.events must be >= 1, got 0
            {"reference": {"kind": "EXPLICIT_SET"}}                 | reference.referenceSetId is required for EXPLICIT_SET
            {"reference": {"kind": "PINNED_RANGE", "rangeStart": "2025-01-02T00:00:00Z", "rangeEnd": "2025-01-01T00:00:00Z"}} | reference.rangeEnd (2025-01-01T00:00:00Z) must be after rangeStart (2025-01-02T00:00:00Z)
            {"reference": {"kind": "PINNED_RANGE", "rangeStart": "yesterday", "rangeEnd": "2025-01-01T00:00:00Z"}} | expected an ISO-8601 instant
            """)
    void invalidValuesAreRefusedNamingTheModelAndTheField(String override, String expected) {
        assertThatThrownBy(() -> PolicyBook.withDefaultsOnly().withModel("fraud-scorer", override))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("model 'fraud-scorer': ")
                .hasMessageContaining(expected);
    }

    @Test
    void withoutAnExplicitAdvanceWindowsHopByAQuarterOfTheirSize() {
        PolicyBook book = PolicyBook.withDefaultsOnly()
                .withModel("fraud-scorer", "{\"windowSize\": \"PT10M\"}")
                .withModel("fixed", "{\"windowSize\": \"PT10M\", \"windowAdvance\": \"PT10M\"}");

        assertThat(book.defaults().windowAdvance()).isEqualTo(Duration.ofMinutes(15));
        assertThat(book.forModel("fraud-scorer").windowAdvance()).isEqualTo(Duration.ofSeconds(150));
        assertThat(book.forModel("fixed").windowAdvance()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void demoPoliciesMayUseWindowsOfSeconds() {
        ModelPolicy demo = PolicyBook.withDefaultsOnly()
                .withModel("demo", "{\"windowSize\": \"PT30S\", \"windowAdvance\": \"PT10S\", \"gracePeriod\": \"PT0S\"}")
                .forModel("demo");

        assertThat(demo.windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(demo.windowAdvance()).isEqualTo(Duration.ofSeconds(10));
        assertThat(demo.gracePeriod()).isZero();
    }

    @Test
    void theDecidingScoreTellsItsThresholdOrThatAPValueDecides() {
        assertThat(new NumericScoring("psi", 0.2, 0.1, 0.1, 0.1).threshold()).hasValue(0.2);
        assertThat(new NumericScoring("wasserstein", 0.2, 0.1, 0.15, 0.1).threshold()).hasValue(0.15);
        assertThat(new NumericScoring("ks", 0.2, 0.1, 0.1, 0.1).threshold()).isEqualTo(OptionalDouble.empty());
        assertThat(new NumericScoring("ks", 0.2, 0.1, 0.1, 0.1).decidedByPValue()).isTrue();
        assertThat(new CategoricalScoring("linf", 0.2, 0.1, 0.3).threshold()).hasValue(0.3);
        assertThat(new CategoricalScoring("chi2", 0.2, 0.1, 0.1).decidedByPValue()).isTrue();
        assertThat(new CategoricalScoring("psi", 0.2, 0.1, 0.1).decidedByPValue()).isFalse();
    }

    @Test
    void referenceKeepsOnlyTheFieldOfItsKind() {
        ReferenceSpec spec = new ReferenceSpec(ReferenceSpec.Kind.FIRST_DURATION, 1000L, Duration.ofHours(2), null, null, "x");

        assertThat(spec).isEqualTo(ReferenceSpec.firstDuration(Duration.ofHours(2)));
    }
}
