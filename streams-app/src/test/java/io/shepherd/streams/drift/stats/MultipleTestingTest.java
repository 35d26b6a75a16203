package io.shepherd.streams.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultipleTestingTest {

    private static final double NAN = Double.NaN;

    /** Hand-computed: thresholds k·q/m against the sorted p-values. */
    static Stream<Arguments> benjaminiHochbergCases() {
        return Stream.of(
                Arguments.of("all below their rank's threshold (.0125 .025 .0375 .05)",
                        new double[] {0.01, 0.04, 0.03, 0.005}, 0.05, new boolean[] {true, true, true, true}),
                Arguments.of("none below (m = 6: .0083 .0167 .025 .033 .042 .05)",
                        new double[] {0.01, 0.02, 0.03, 0.04, 0.05, 0.5}, 0.05, new boolean[6]),
                Arguments.of("step-up: rank 2 fails (.03 > .025) but rank 3 passes (.035 <= .0375)",
                        new double[] {0.03, 0.5, 0.01, 0.035}, 0.05, new boolean[] {true, false, true, true}),
                Arguments.of("ties are rejected together (rank 1 fails, ranks 2-3 pass)",
                        new double[] {0.02, 0.02, 0.02, 0.2}, 0.05, new boolean[] {true, true, true, false}),
                Arguments.of("a tie that only passes at its last rank (.04 <= 4·.05/4)",
                        new double[] {0.04, 0.04, 0.04, 0.01}, 0.05, new boolean[] {true, true, true, true}),
                Arguments.of("a tie that fails at every rank (.04 > 3·.05/4)",
                        new double[] {0.04, 0.04, 0.04, 0.9}, 0.05, new boolean[] {false, false, false, false}),
                Arguments.of("NaN is not tested and not counted (m = 2)",
                        new double[] {NAN, 0.01, 0.04}, 0.05, new boolean[] {false, true, true}),
                Arguments.of("q = 0.1, m = 5 (.02 .04 .06 .08 .1): ranks 3 and 4 just miss (.07 > .06, .081 > .08)",
                        new double[] {0.011, 0.07, 0.039, 0.9, 0.081}, 0.1, new boolean[] {true, false, true, false, false}),
                Arguments.of("p equal to its threshold is rejected",
                        new double[] {0.025, 0.05}, 0.05, new boolean[] {true, true}),
                Arguments.of("nothing to test", new double[0], 0.05, new boolean[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benjaminiHochbergCases")
    void benjaminiHochbergRejectsUpToTheLargestPassingRank(String name, double[] p, double q, boolean[] expected) {
        assertThat(MultipleTesting.benjaminiHochberg(p, q)).containsExactly(expected);
    }

    static Stream<Arguments> bonferroniCases() {
        return Stream.of(
                Arguments.of(new double[] {0.01, 0.02, 0.0125, 0.5}, 0.05, new boolean[] {true, false, true, false}),
                Arguments.of(new double[] {0.04}, 0.05, new boolean[] {true}),
                Arguments.of(new double[] {NAN, 0.03, 0.02}, 0.05, new boolean[] {false, false, true}),
                Arguments.of(new double[] {0.001, 0.001, 0.001}, 0.001, new boolean[3]));
    }

    @ParameterizedTest
    @MethodSource("bonferroniCases")
    void bonferroniRejectsAtAlphaOverM(double[] p, double alpha, boolean[] expected) {
        assertThat(MultipleTesting.bonferroni(p, alpha)).containsExactly(expected);
    }

    @Test
    void refusesLevelsAndPValuesOutOfRange() {
        assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {0.1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipleTesting.bonferroni(new double[] {0.1}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {1.5}, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> MultipleTesting.bonferroni(new double[] {-0.1}, 0.05)).isInstanceOf(IllegalArgumentException.class);
    }
}
