package io.shepherd.streams.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.shepherd.streams.policy.PolicyBook;
import io.shepherd.streams.window.WindowGrid;

class DriftSettingsTest {

    @Test
    void defaultPolicyGivesHourWindowsEveryQuarterAndTheFirstThousandEventsAsReference() {
        DriftSettings s = DriftSettings.of(PolicyBook.withDefaultsOnly().forModel("any"));

        assertThat(s.grid()).isEqualTo(new WindowGrid(3_600_000, 900_000, 300_000));
        assertThat(s.referenceKind()).isEqualTo(ReferenceState.Kind.FIRST_EVENTS);
        assertThat(s.referenceEvents()).isEqualTo(1_000);
        assertThat(s.numericScore()).isEqualTo("psi");
        assertThat(s.numericThreshold()).isEqualTo(0.2);
        assertThat(s.correction()).isEqualTo("BH");
    }

    @Test
    void aPinnedRangeInThePolicyReachesTheReference() {
        PolicyBook book = PolicyBook.withDefaultsOnly().withModel("m", """
                {"reference": {"kind": "PINNED_RANGE", "rangeStart": "2026-11-01T00:00:00Z", "rangeEnd": "2026-11-02T00:00:00Z"}}""");
        DriftSettings s = DriftSettings.of(book.forModel("m"));

        assertThat(s.referenceKind()).isEqualTo(ReferenceState.Kind.PINNED_RANGE);
        assertThat(s.referenceRangeStart()).isEqualTo(java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
        assertThat(s.referenceRangeEnd()).isEqualTo(java.time.Instant.parse("2026-11-02T00:00:00Z").toEpochMilli());
    }
}
