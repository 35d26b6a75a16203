package io.shepherd.projections.rebuild;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import io.shepherd.projections.consumer.ReplayProgress;

/** Prints a rebuild's progress: a bar, records done of the total, the rate and the time left, at most twice a second. */
public final class ProgressBar implements ReplayProgress {

    private static final int WIDTH = 30;
    private static final long EVERY_NANOS = 500_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final String label;
    private long total;
    private long startedAt;
    private long printedAt;
    private long lastDone = -1;

    public ProgressBar(PrintStream out, LongSupplier nanoClock, String label) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.label = label;
    }

    @Override
    public void started(long totalRecords) {
        total = totalRecords;
        startedAt = nanoClock.getAsLong();
        printedAt = startedAt - EVERY_NANOS;
    }

    @Override
    public void advanced(long recordsDone) {
        long now = nanoClock.getAsLong();
        boolean finished = recordsDone >= total;
        if ((now - printedAt >= EVERY_NANOS || finished) && recordsDone != lastDone) {
            out.println(label + " " + format(recordsDone, total, Duration.ofNanos(now - startedAt)));
            printedAt = now;
            lastDone = recordsDone;
        }
    }

    /** For example {@code [###############...............]  50.0%  500/1,000 records  250 rec/s  ETA 0:00:02}. */
    public static String format(long done, long total, Duration elapsed) {
        double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? clock(Duration.ofSeconds(Math.round((total - done) / rate))) : "--:--:--";
        return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d/%,d records  %,.0f rec/s  ETA %s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, done, total, rate, eta);
    }

    private static String clock(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
