package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The training progress line: position, loss, images per second and time left. Redrawn at most five
 * times a second on a terminal; in a log, one line every ten percent so CI output stays short.
 */
final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Console console;
    private final String label;
    private final long total;
    private final long startNanos;
    private long lastDrawNanos;
    private int lastDecile = -1;
    private long images;

    ProgressBar(Console console, String label, long total) {
        this.console = requireNonNull(console, "console is null");
        this.label = requireNonNull(label, "label is null");
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    /** After step {@code done} of {@code total}, which trained on {@code batchImages} images. */
    void step(long done, int batchImages, double loss) {
        images += batchImages;
        long now = System.nanoTime();
        int decile = (int) (done * 10 / Math.max(1, total));
        boolean draw = console.interactive() ? now - lastDrawNanos >= REDRAW_NANOS || done == total
                : decile > lastDecile && done != total;
        if (draw) {
            lastDrawNanos = now;
            lastDecile = decile;
            console.status(line(done, loss, now), false);
        }
    }

    /** Ends the bar with a summary line, such as the epoch's mean loss and test metrics. */
    void finish(String summary) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        console.status(String.format(Locale.ROOT, "%s %s (%s, %,.0f img/s)", label, summary, duration(seconds),
                images / Math.max(seconds, 1e-9)), true);
    }

    double imagesPerSecond() {
        return images / Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
    }

    private String line(long done, double loss, long now) {
        double seconds = (now - startNanos) / 1e9;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        double rate = images / Math.max(seconds, 1e-9);
        double eta = done == 0 ? 0 : seconds * (total - done) / done;
        return String.format(Locale.ROOT, "%s [%s] %d/%d loss %.4f | %,.0f img/s | ETA %s", label, bar, done, total,
                loss, rate, duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
