package dev.genlab.sweep;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;

/** The sweep's progress line, printed as each trial ends: how many finished, failed and remain, and the time. */
final class SweepProgress {
    private final PrintStream out;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int finished;
    private int failed;
    private int stopped;

    SweepProgress(PrintStream out, int total, int alreadyFinished) {
        this.out = out;
        this.total = total;
        this.finished = alreadyFinished;
    }

    synchronized void ended(TrialResult result) {
        if (result.finished()) {
            finished++;
        } else if (result.status().equals(TrialResult.KILLED)) {
            stopped++;
        } else {
            failed++;
        }
        StringBuilder metrics = new StringBuilder();
        new TreeMap<>(result.metrics()).forEach((key, value) ->
                metrics.append(String.format(Locale.ROOT, ", %s %.5f", key, value)));
        String why = result.finished() || result.message().isEmpty() ? "" : ": " + firstLine(result.message());
        out.println(String.format(Locale.ROOT, "[sweep %d/%d done, %d failed, %s] trial %d %s%s%s", finished + failed
                + stopped, total, failed, elapsed(), result.index(), result.status(), metrics, why));
        out.flush();
    }

    String elapsed() {
        long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
