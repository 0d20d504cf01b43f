package dev.genlab.core.sampling;

import static java.util.Objects.requireNonNull;

import dev.genlab.core.run.Console;
import dev.genlab.core.run.ProgressBar;
import java.util.Locale;

/**
 * How far a long {@code genlab sample} export is: redrawn in place on a terminal, one line every tenth in a log,
 * with the rate and the time left.
 */
final class ExportProgress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Console console;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long lastTenth;

    ExportProgress(Console console, long total) {
        this.console = requireNonNull(console, "console is null");
        this.total = total;
    }

    /** {@code done} of the images are made. */
    void update(long done) {
        long now = System.nanoTime();
        long tenth = done * 10 / total;
        boolean last = done == total;
        if (console.interactive() ? now - lastDraw >= REDRAW_NANOS || last : tenth > lastTenth) {
            lastDraw = now;
            lastTenth = tenth;
            double seconds = (now - start) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            int filled = (int) (WIDTH * done / total);
            console.status(String.format(Locale.ROOT, "sample [%s] %,d/%,d images | %,.0f img/s | ETA %s",
                    "#".repeat(filled) + ".".repeat(WIDTH - filled), done, total, rate,
                    ProgressBar.duration(rate == 0 ? 0 : (total - done) / rate)), last);
        }
    }
}
