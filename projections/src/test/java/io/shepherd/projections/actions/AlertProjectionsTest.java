package io.shepherd.projections.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.shepherd.events.HealthLevel;
import io.shepherd.projections.Events;

class AlertProjectionsTest {

    private static final Events V7 = new Events("fraud-scorer", "v7");
    private static final long T0 = 1_764_064_800_000L;

    @Test
    void aFiredAlertIsOneLinePerCauseWithTheMeasuredFactOfThatCause() {
        AlertProjections.Document doc = (AlertProjections.Document) new AlertProjections.Fired()
                .toDocument(V7.alertFired(HealthLevel.CRITICAL, T0)).source();

        assertThat(doc.cause()).isEqualTo("PERFORMANCE_DROP");
        assertThat(doc.summary()).isEqualTo("fraud-scorer v7 CRITICAL: accuracy 0.860 vs baseline 0.920, -6.5 % (limit -5 %), 4,210 labels");
        assertThat(doc.reason()).isNull();
    }

    @Test
    void aResolvedAlertSaysWhichCauseEndedAndWhy() {
        AlertProjections.Document doc = (AlertProjections.Document) new AlertProjections.Resolved()
                .toDocument(V7.alertResolved(T0)).source();

        assertThat(doc.cause()).isEqualTo("PERFORMANCE_DROP");
        assertThat(doc.reason()).isEqualTo("recovered");
        assertThat(doc.summary()).isEqualTo("fraud-scorer v7 RESOLVED (recovered): performance drop, was CRITICAL");
    }
}
