package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The training progress line: position, loss, images per second and time left. Redrawn at most five
 * times a second on a terminal; in a log, one line every ten percent so CI output stays short. Images per second
 * count the time of training steps only: not the test pass, checkpoints or images logged between steps.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Console console;
    private final String label;
    private final long total;
    private final long startNanos;
    private long lastDrawNanos;
    private int lastDecile = -1;
    private long images;
    private long stepNanos;

    ProgressBar(Console console, String label, long total) {
        this.console = requireNonNull(console, "console is null");
        this.label = requireNonNull(label, "label is null");
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    /** After step {@code done} of {@code total}, which trained on {@code batchImages} images in {@code nanos}. */
    void step(long done, int batchImages, long nanos, double loss) {
        images += batchImages;
        stepNanos += nanos;
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

    /**
     * Ends the bar with a summary line, such as the epoch's mean loss and test metrics, the time it took, the
     * training throughput and the time of the test pass, when the pass ended with one.
     */
    void finish(String summary, OptionalDouble testSeconds) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String test = testSeconds.isEmpty() ? ""
                : String.format(Locale.ROOT, ", test %.1f s", testSeconds.getAsDouble());
        console.status(String.format(Locale.ROOT, "%s %s (%s, %,.0f img/s%s)", label, summary,
                duration(seconds), imagesPerSecond(), test), true);
    }

    /** Training images per second of step time. */
    double imagesPerSecond() {
        return images / Math.max(trainingSeconds(), 1e-9);
    }

    /** The time spent in training steps so far. */
    double trainingSeconds() {
        return stepNanos / 1e9;
    }

    private String line(long done, double loss, long now) {
        double seconds = (now - startNanos) / 1e9;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        double rate = imagesPerSecond();
        double eta = done == 0 ? 0 : seconds * (total - done) / done;
        return String.format(Locale.ROOT, "%s [%s] %d/%d loss %.4f | %,.0f img/s | ETA %s", label, bar, done, total,
                loss, rate, duration(eta));
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
