package io.shepherd.streams.window;

import java.util.ArrayList;
import java.util.List;

/**
 * Event-time hopping windows of {@code size} every {@code advance}, aligned to the epoch, built from tumbling panes of
 * {@code advance}: an event is added to exactly one pane, and a window is the merge of the size/advance panes it
 * covers. A window closes when its version's event time reaches its end plus the grace period; a value whose every window has
 * closed is late. Pure arithmetic on epoch milliseconds.
 */
public record WindowGrid(long sizeMs, long advanceMs, long graceMs) {

    public WindowGrid {
        if (advanceMs <= 0 || sizeMs < advanceMs || sizeMs % advanceMs != 0) {
            throw new IllegalArgumentException("window size " + sizeMs + " ms must be a positive multiple of its advance " + advanceMs + " ms");
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must not be negative: " + graceMs);
        }
    }

    /** Tumbling windows: each window is one pane. */
    public static WindowGrid tumbling(long sizeMs, long graceMs) {
        return new WindowGrid(sizeMs, sizeMs, graceMs);
    }

    public long paneStart(long eventTime) {
        return Math.floorDiv(eventTime, advanceMs) * advanceMs;
    }

    public int panesPerWindow() {
        return (int) (sizeMs / advanceMs);
    }

    /** True when every window containing the pane has closed at this event time (the version's latest). */
    public boolean isLate(long eventTime, long eventTimeNow) {
        return lastWindowEndOf(paneStart(eventTime)) + graceMs <= eventTimeNow;
    }

    public boolean isClosed(long windowEnd, long eventTimeNow) {
        return windowEnd + graceMs <= eventTimeNow;
    }

    /** End of the first window that contains the pane. */
    public long firstWindowEndOf(long paneStart) {
        return paneStart + advanceMs;
    }

    /** End of the last window that contains the pane: after it is scored the pane is no longer needed. */
    public long lastWindowEndOf(long paneStart) {
        return paneStart + sizeMs;
    }

    /** Starts of the panes a window ending at {@code windowEnd} covers, oldest first. */
    public List<Long> panesOf(long windowEnd) {
        List<Long> panes = new ArrayList<>(panesPerWindow());
        for (long start = windowEnd - sizeMs; start < windowEnd; start += advanceMs) {
            panes.add(start);
        }
        return panes;
    }

    /** The latest window end that is closed at this event time (the version's latest). */
    public long lastClosedWindowEnd(long eventTimeNow) {
        return Math.floorDiv(eventTimeNow - graceMs, advanceMs) * advanceMs;
    }
}
