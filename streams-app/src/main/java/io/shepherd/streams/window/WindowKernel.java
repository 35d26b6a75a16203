package io.shepherd.streams.window;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The one window kernel: given a version's {@link WindowGrid}, the end of the last window it closed, the panes that
 * hold its data and its clock ({@link VersionClock}), decides which windows close now, in order, which panes each
 * covers, and which panes no later window needs; and whether an event is late. Drift (hopping windows of panes),
 * serving health and performance (tumbling windows, one pane each) and the MOA benchmark all decide with it; the
 * processors only feed it and forward what it decides. A window no pane has data for is skipped, not closed empty.
 * Pure functions of epoch milliseconds.
 */
public final class WindowKernel {

    /** No window closed yet; no event time seen yet. */
    public static final long NONE = Long.MIN_VALUE;

    private WindowKernel() {
    }

    /** A window to close: its bounds and the panes with data it covers, oldest first. */
    public record Window(long start, long end, List<Long> panes) {
    }

    /**
     * What closing decided.
     *
     * @param windows       the windows to close, in order
     * @param released      panes whose every window has now closed, oldest first: to let go after the windows are closed
     * @param lastClosedEnd the end of the last window closed, after these ({@code lastClosedEnd} as given when none)
     */
    public record Closing(List<Window> windows, List<Long> released, long lastClosedEnd) {
    }

    /** Decides which windows close at the clock. {@code panes} is not changed. */
    public static Closing close(WindowGrid grid, long lastClosedEnd, NavigableSet<Long> panes, long clock) {
        if (clock == NONE || panes.isEmpty()) {
            return new Closing(List.of(), List.of(), lastClosedEnd);
        }
        long lastClosable = grid.lastClosedWindowEnd(clock);
        TreeSet<Long> remaining = new TreeSet<>(panes);
        List<Window> windows = new ArrayList<>();
        List<Long> released = new ArrayList<>();
        long end = lastClosedEnd == NONE ? Long.MIN_VALUE : lastClosedEnd + grid.advanceMs();
        long last = lastClosedEnd;
        while (!remaining.isEmpty()) {
            end = Math.max(end, grid.firstWindowEndOf(remaining.first()));
            if (end > lastClosable) {
                break;
            }
            List<Long> covered = new ArrayList<>(grid.panesPerWindow());
            for (long pane : grid.panesOf(end)) {
                if (remaining.contains(pane)) {
                    covered.add(pane);
                }
            }
            windows.add(new Window(end - grid.sizeMs(), end, List.copyOf(covered)));
            last = end;
            while (!remaining.isEmpty() && grid.lastWindowEndOf(remaining.first()) <= end) {
                released.add(remaining.pollFirst());
            }
            end += grid.advanceMs();
        }
        return new Closing(List.copyOf(windows), List.copyOf(released), last);
    }

    /** The clock at which {@link #close} next has a window to close; {@link Long#MAX_VALUE} without panes. */
    public static long nextClose(WindowGrid grid, long lastClosedEnd, NavigableSet<Long> panes) {
        if (panes.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long next = lastClosedEnd == NONE ? Long.MIN_VALUE : lastClosedEnd + grid.advanceMs();
        return Math.max(next, grid.firstWindowEndOf(panes.first())) + grid.graceMs();
    }

    /** Late: every window holding the event has closed at the clock. */
    public static boolean isLate(WindowGrid grid, long eventTime, long clock) {
        return clock != NONE && grid.isLate(eventTime, clock);
    }

    /** The window holding the event (tumbling grids) has been closed already: it is not opened again. */
    public static boolean wasClosed(WindowGrid grid, long eventTime, long lastClosedEnd) {
        return lastClosedEnd != NONE && grid.lastWindowEndOf(grid.paneStart(eventTime)) <= lastClosedEnd;
    }

    /**
     * A closed window whose labels arrive later (performance): restated with a new revision when its labels change,
     * voting in window order once it has enough labels or its label delay has passed, let go once it has voted and
     * its label delay has passed.
     *
     * @param end               the window's end
     * @param estimated         its label-free estimate has been judged
     * @param labelled          labels joined so far
     * @param publishedLabelled labels when last published; negative before its first publication
     * @param voted             it has voted in the escalation
     * @param enoughLabels      it has the labels (count and coverage) its policy asks for to vote before its label delay
     */
    public record LabelledWindow(long end, boolean estimated, long labelled, long publishedLabelled, boolean voted,
                                 boolean enoughLabels) {
    }

    /**
     * What to do with a closed labelled window now.
     *
     * @param estimate       judge its label-free estimate (once, on closing)
     * @param restate        publish it again (its labels changed, or its label delay passed: the last statement)
     * @param vote           it votes now
     * @param votingGoesOn   later windows may vote: this one has voted or votes now (votes are cast in window order)
     * @param expired        its label delay has passed: it takes no more predictions and no label counts any more
     * @param release        let it go: expired and voted
     */
    public record LabelledStep(boolean estimate, boolean restate, boolean vote, boolean votingGoesOn, boolean expired,
                               boolean release) {

        /** Anything about the window changes (it must be stored again). */
        public boolean changesWindow() {
            return estimate || restate || vote;
        }
    }

    /**
     * Decides, in window order, for a closed window of a version at its clock; {@code votingOpen} is whether every
     * earlier window of the version has voted.
     */
    public static LabelledStep step(LabelledWindow window, long clock, long labelDelayMs, boolean votingOpen) {
        boolean expired = clock != NONE && window.end() + labelDelayMs <= clock;
        boolean ready = expired || window.enoughLabels();
        boolean vote = votingOpen && !window.voted() && ready;
        boolean voted = window.voted() || vote;
        return new LabelledStep(!window.estimated(), window.labelled() != window.publishedLabelled() || expired, vote,
                votingOpen && voted, expired, expired && voted);
    }
}
