package io.shepherd.moa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which concept each event of a scenario comes from, with events numbered from the first measured one. */
class DriftingStreamTest {

    private static final int WARMUP = 500;
    private static final int LENGTH = 20_000;
    private static final int START = 10_000;
    private static final int WIDTH = 2_000;

    @Test
    void anAbruptDriftStartsExactlyAtItsStartEvent() {
        boolean[] fromNew = concepts(Scenario.of(Scenario.Concept.SEA, Scenario.Shape.ABRUPT, 1, WARMUP, LENGTH, START, WIDTH));

        for (int t = 0; t < LENGTH; t++) {
            assertThat(fromNew[t]).as("event %d", t).isEqualTo(t >= START);
        }
    }

    @Test
    void aGradualDriftFollowsTheSigmoidAndHasALeadIn() {
        Scenario scenario = Scenario.of(Scenario.Concept.SEA, Scenario.Shape.GRADUAL, 3, WARMUP, LENGTH, START, WIDTH);
        boolean[] fromNew = concepts(scenario);

        // 12 % of the events at the nominal start come from the new concept, 50 % at its centre, 88 % one width later.
        assertThat(scenario.newConceptProbability(START)).isCloseTo(0.1192, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(scenario.newConceptProbability(START + WIDTH / 2)).isEqualTo(0.5);
        assertThat(share(fromNew, START + WIDTH / 2 - 100, START + WIDTH / 2 + 100)).isBetween(0.4, 0.6);
        assertThat(share(fromNew, START + 3 * WIDTH, LENGTH)).isGreaterThan(0.999);
        // A lead-in: new-concept events before the nominal start, but none a long way before it.
        assertThat(share(fromNew, START - WIDTH / 2, START)).isGreaterThan(0.0);
        assertThat(share(fromNew, 0, START - 3 * WIDTH)).isZero();
    }

    @Test
    void aControlNeverLeavesItsConceptAndRecordsNoNewConcept() {
        Scenario scenario = Scenario.of(Scenario.Concept.SEA, Scenario.Shape.NONE, 1, WARMUP, LENGTH, START, WIDTH);

        assertThat(share(concepts(scenario), 0, LENGTH)).isZero();
        assertThat(Prequential.record(scenario).firstNewConcept()).isEqualTo(LENGTH);
    }

    @Test
    void theRecordedStreamSaysWhereTheNewConceptFirstAppeared() {
        Scenario scenario = Scenario.of(Scenario.Concept.SEA, Scenario.Shape.ABRUPT, 2, WARMUP, LENGTH, START, WIDTH);

        assertThat(Prequential.record(scenario).firstNewConcept()).isEqualTo(START);
    }

    @Test
    void everyConceptBuildsAndKeepsItsHeaderAcrossTheDrift() {
        for (Scenario.Concept concept : Scenario.Concept.values()) {
            DriftingStream stream = Scenario.of(concept, Scenario.Shape.ABRUPT, 1, 0, 10, 5, 1).stream();
            int attributes = stream.header().numAttributes();
            for (int t = 0; t < 10; t++) {
                assertThat(stream.nextInstance().numAttributes()).as("%s event %d", concept, t).isEqualTo(attributes);
            }
        }
    }

    private static boolean[] concepts(Scenario scenario) {
        DriftingStream stream = scenario.stream();
        for (int i = 0; i < WARMUP; i++) {
            stream.nextInstance();
            assertThat(stream.lastFromNew()).isFalse();
        }
        boolean[] fromNew = new boolean[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            stream.nextInstance();
            fromNew[t] = stream.lastFromNew();
        }
        return fromNew;
    }

    private static double share(boolean[] fromNew, int from, int to) {
        int n = 0;
        for (int t = from; t < to; t++) {
            n += fromNew[t] ? 1 : 0;
        }
        return (double) n / (to - from);
    }
}
