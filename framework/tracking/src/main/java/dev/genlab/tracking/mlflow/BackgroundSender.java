package dev.genlab.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import dev.genlab.tracking.Delivery;
import dev.genlab.tracking.rest.MlflowApi;
import dev.genlab.tracking.rest.MlflowCallException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The thread that sends a live run's journal to MLflow while the run goes on: it looks for new events a few
 * times a second, sends them through a {@link Replay}, and when the server fails it waits (longer each time)
 * and tries again, for as long as the run lasts. It says once when the server stops answering and once when
 * it answers again. A server that refuses us (credentials) stops it: the journal keeps the rest for
 * {@code genlab sync}.
 */
final class BackgroundSender implements AutoCloseable {
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Replay replay;
    private final MlflowApi api;
    private final DeliverySettings settings;
    private final Consumer<String> messages;
    private final String where;
    private final String runDirectory;
    private final Thread thread;
    private final Object changed = new Object();
    private volatile boolean stopping;
    private volatile boolean attempted;
    private volatile long attempts;
    private volatile MlflowCallException failing;
    private volatile long failingSinceNanos;
    private volatile RuntimeException stopped;

    /**
     * @param api the replay's connection, closed to abandon a request under way when sending stops
     * @param where the server, for messages ({@code MLflow at http://...})
     * @param runDirectory the run's journal directory as a person types it
     */
    BackgroundSender(Replay replay, MlflowApi api, DeliverySettings settings, Consumer<String> messages, String where,
            String runDirectory) {
        this.replay = requireNonNull(replay, "replay is null");
        this.api = requireNonNull(api, "api is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.where = requireNonNull(where, "where is null");
        this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
        this.thread = new Thread(this::loop, "genlab-sender-" + runDirectory);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Replay replay() {
        return replay;
    }

    /** Looks for new events now rather than at the next poll, and tries at once if it was waiting to retry. */
    void wake() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Waits until the server has created the run or the first attempt failed, for at most {@code timeout}. */
    void awaitFirstAnswer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!attempted && replay.created().isEmpty() && System.nanoTime() < deadline) {
                waitFor(deadline - System.nanoTime());
            }
        }
    }

    /**
     * Waits until the server has acknowledged the end of the run, for at most {@code timeout}, and less when it
     * has not answered at all for {@link DeliverySettings#patience()} or the sender has stopped. Reports what is
     * left every few seconds.
     */
    Delivery awaitDelivery(Duration timeout, Consumer<String> progress) {
        long attemptsBefore = attempts;
        wake();
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long nextReport = now + REPORT_EVERY_NANOS;
        synchronized (changed) {
            while (!replay.ended() && stopped == null && thread.isAlive() && !Thread.currentThread().isInterrupted()) {
                now = System.nanoTime();
                // A server away for longer than the patience gets one more try, made at once by wake() above.
                boolean givenUp = failing != null && attempts > attemptsBefore
                        && now - failingSinceNanos >= settings.patience().toNanos();
                if (now >= deadline || givenUp) {
                    break;
                }
                if (now >= nextReport) {
                    progress.accept(String.format(Locale.ROOT, "Sending the run to %s: %,d events left", where,
                            replay.backlog()));
                    nextReport = now + REPORT_EVERY_NANOS;
                }
                waitFor(Math.min(deadline, nextReport) - now);
            }
        }
        return delivery();
    }

    /** What is still unsent, and why. */
    Delivery delivery() {
        Optional<String> problem = Optional.<RuntimeException>ofNullable(stopped)
                .or(() -> Optional.ofNullable(failing)).map(Throwable::getMessage);
        return new Delivery(replay.backlog(), replay.rejected(), problem, runDirectory);
    }

    /** Stops sending: a request under way is abandoned (never interrupted, see {@link MlflowApi#close()}). */
    @Override
    public void close() {
        stopping = true;
        api.close();
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(settings.firstBackoff(), settings.maxBackoff());
        while (!stopping) {
            try {
                replay.sendAvailable();
                answered();
                backoff.reset();
                if (replay.ended()) {
                    return;
                }
                pause(settings.pollInterval().toMillis());
            } catch (MlflowCallException e) {
                if (stopping) {
                    return;
                }
                if (!e.transientFailure()) {
                    stop(e, "Stopped sending the run to " + where + ": " + e.getMessage() + "\nThe run goes on; what"
                            + " it logs is kept in " + runDirectory + ": send it with `genlab sync " + runDirectory
                            + "` once this is fixed");
                    return;
                }
                failed(e);
                pause(backoff.next());
            } catch (RuntimeException e) {
                // The journal itself failed (disk full...): sending cannot go on, but the run must not be stopped.
                stop(e, "Stopped sending the run to " + where + ": " + e + "\nWhat was journaled is kept in "
                        + runDirectory + ": send it with `genlab sync " + runDirectory + "`");
                return;
            }
        }
    }

    private void answered() {
        MlflowCallException before = failing;
        synchronized (changed) {
            attempted = true;
            attempts++;
            failing = null;
            changed.notifyAll();
        }
        if (before != null) {
            messages.accept(where + " answers again: sending what the run logged meanwhile");
        }
    }

    /** Reports the first failure of a series, before anyone waiting for the first answer hears of it. */
    private void failed(MlflowCallException e) {
        boolean first = failing == null;
        if (first) {
            messages.accept(e.getMessage() + "\nThe run goes on: what it logs is kept in " + runDirectory
                    + " and sent when the server answers again");
        }
        synchronized (changed) {
            if (first) {
                failingSinceNanos = System.nanoTime();
            }
            attempted = true;
            attempts++;
            failing = e;
            changed.notifyAll();
        }
    }

    private void stop(RuntimeException cause, String message) {
        messages.accept(message);
        synchronized (changed) {
            attempted = true;
            stopped = cause;
            changed.notifyAll();
        }
    }

    /** Sleeps, unless woken by {@link #wake()} or stopped. */
    private void pause(long millis) {
        synchronized (changed) {
            if (!stopping && millis > 0) {
                try {
                    changed.wait(millis);
                } catch (InterruptedException e) {
                    // Nothing here interrupts it; should something, stopping early loses nothing.
                    stopping = true;
                }
            }
        }
    }

    private void waitFor(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(changed, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
