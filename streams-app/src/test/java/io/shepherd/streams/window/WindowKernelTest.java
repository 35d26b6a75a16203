package io.shepherd.streams.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The window kernel's decisions, without Kafka: which windows close at a clock, what they cover, what is let go. */
class WindowKernelTest {

    /** Windows of 3 s every 1 s (three panes each), 500 ms of grace. */
    private final WindowGrid hopping = new WindowGrid(3_000, 1_000, 500);
    /** Tumbling windows of 10 s, no grace. */
    private final WindowGrid tumbling = WindowGrid.tumbling(10_000, 0);

    @Test
    void nothingClosesBeforeTheFirstWindowsEndPlusGrace() {
        assertThat(WindowKernel.close(hopping, WindowKernel.NONE, panes(0), 1_499).windows()).isEmpty();
        assertThat(WindowKernel.close(hopping, WindowKernel.NONE, panes(0), WindowKernel.NONE).windows()).isEmpty();
        assertThat(WindowKernel.nextClose(hopping, WindowKernel.NONE, panes(0))).isEqualTo(1_500);
    }

    @Test
    void hoppingWindowsCloseInOrderEachWithThePanesItCoversAndReleaseAPaneAfterItsLastWindow() {
        WindowKernel.Closing closing = WindowKernel.close(hopping, WindowKernel.NONE, panes(0, 1_000, 2_000, 3_000), 3_600);

        assertThat(closing.windows()).containsExactly(
                new WindowKernel.Window(-2_000, 1_000, List.of(0L)),
                new WindowKernel.Window(-1_000, 2_000, List.of(0L, 1_000L)),
                new WindowKernel.Window(0, 3_000, List.of(0L, 1_000L, 2_000L)));
        assertThat(closing.released()).containsExactly(0L);
        assertThat(closing.lastClosedEnd()).isEqualTo(3_000);
        assertThat(WindowKernel.nextClose(hopping, 3_000, panes(1_000, 2_000, 3_000))).isEqualTo(4_500);
    }

    @Test
    void aGapWithoutDataIsSkippedNotClosedEmpty() {
        WindowKernel.Closing closing = WindowKernel.close(tumbling, 10_000, panes(40_000), 50_000);

        assertThat(closing.windows()).containsExactly(new WindowKernel.Window(40_000, 50_000, List.of(40_000L)));
        assertThat(closing.released()).containsExactly(40_000L);
        assertThat(closing.lastClosedEnd()).isEqualTo(50_000);
    }

    @Test
    void closingTwiceAtTheSameClockClosesNothingNew() {
        TreeSet<Long> panes = panes(0, 10_000);
        WindowKernel.Closing first = WindowKernel.close(tumbling, WindowKernel.NONE, panes, 15_000);
        panes.removeAll(first.released());

        assertThat(first.windows()).extracting(WindowKernel.Window::end).containsExactly(10_000L);
        assertThat(WindowKernel.close(tumbling, first.lastClosedEnd(), panes, 15_000).windows()).isEmpty();
        assertThat(WindowKernel.close(tumbling, first.lastClosedEnd(), panes, 20_000).windows()).extracting(WindowKernel.Window::end)
                .containsExactly(20_000L);
    }

    @Test
    void theGivenPanesAreNotChanged() {
        TreeSet<Long> panes = panes(0, 1_000);
        WindowKernel.close(hopping, WindowKernel.NONE, panes, 10_000);
        assertThat(panes).containsExactly(0L, 1_000L);
    }

    @ParameterizedTest(name = "event {0} at clock {1}: late={2}")
    @CsvSource({
            "0, 3499, false",
            "0, 3500, true",
            "999, 3500, true",
            "1000, 3500, false",
            "0, " + Long.MIN_VALUE + ", false"})
    void anEventIsLateOnlyWhenEveryWindowHoldingItHasClosedAtItsVersionsClock(long eventTime, long clock, boolean late) {
        assertThat(WindowKernel.isLate(hopping, eventTime, clock)).isEqualTo(late);
    }

    @ParameterizedTest(name = "event {0} after closing up to {1}: closed={2}")
    @CsvSource({
            "9999, 10000, true",
            "10000, 10000, false",
            "0, " + Long.MIN_VALUE + ", false"})
    void aTumblingWindowOnceClosedIsNotOpenedAgain(long eventTime, long lastClosedEnd, boolean closed) {
        assertThat(WindowKernel.wasClosed(tumbling, eventTime, lastClosedEnd)).isEqualTo(closed);
    }

    @ParameterizedTest(name = "own {0}, partition {1}: clock {2}")
    @CsvSource({
            "1000, 2000, 1000",
            "7200000, 3600000, 7200000",
            "0, 7200001, 3600001",
            Long.MIN_VALUE + ", " + Long.MIN_VALUE + ", " + Long.MIN_VALUE})
    void aVersionsClockIsItsOwnUnlessItLagsThePartitionByMoreThanTheLargestLag(long own, long partition, long clock) {
        assertThat(VersionClock.DEFAULT.of(own, partition)).isEqualTo(clock);
    }

    /** A closed window ending at 10 s, labels delayed at most 60 s. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            first look: estimate, publish, vote   | false | 200 | -1  | false | true  | true  | 20000 | true  | true  | true  | true  | false | false
            labels unchanged: nothing to do       | true  | 200 | 200 | true  | true  | true  | 20000 | false | false | false | true  | false | false
            more labels: restated, no new vote    | true  | 250 | 200 | true  | true  | true  | 20000 | false | true  | false | true  | false | false
            too few labels: waits, blocks later   | true  | 20  | 20  | false | false | true  | 20000 | false | false | false | false | false | false
            an earlier window has not voted       | true  | 200 | 200 | false | true  | false | 20000 | false | false | false | false | false | false
            label delay passed: votes, last word  | true  | 20  | 20  | false | false | true  | 70000 | false | true  | true  | true  | true  | true
            delay passed, earlier still waiting   | true  | 20  | 20  | false | false | false | 70000 | false | true  | false | false | true  | false
            """)
    void aLabelledWindowIsRestatedWhenItsLabelsChangeVotesInOrderAndGoesAfterItsLabelDelay(String situation, boolean estimated,
            long labelled, long published, boolean voted, boolean enough, boolean votingOpen, long clock, boolean estimate,
            boolean restate, boolean vote, boolean votingGoesOn, boolean expired, boolean release) {
        WindowKernel.LabelledStep step = WindowKernel.step(new WindowKernel.LabelledWindow(10_000, estimated, labelled, published, voted,
                enough), clock, 60_000, votingOpen);

        assertThat(step).isEqualTo(new WindowKernel.LabelledStep(estimate, restate, vote, votingGoesOn, expired, release));
    }

    private static TreeSet<Long> panes(long... starts) {
        TreeSet<Long> panes = new TreeSet<>();
        for (long start : starts) {
            panes.add(start);
        }
        return panes;
    }
}
