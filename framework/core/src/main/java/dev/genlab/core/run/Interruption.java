package dev.genlab.core.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop a run early (Ctrl-C or SIGTERM reach the JVM as its shutdown): the training loop looks
 * at it after every step, saves a checkpoint and stops; the runner then ends the run KILLED and flushes the
 * journal before the shutdown goes on. {@link #whileRunning} arranges that with a shutdown hook.
 */
public final class Interruption {
    private final CountDownLatch handled = new CountDownLatch(1);
    private volatile String reason;

    /** Asks the run to stop at its next step. */
    public void request(String why) {
        reason = why;
    }

    boolean requested() {
        return reason != null;
    }

    String reason() {
        return reason;
    }

    /** The run has stopped (ended, or stopped by the request): whoever asked may go on. */
    void handled() {
        handled.countDown();
    }

    boolean awaitHandled(Duration timeout) {
        try {
            return handled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A shutdown hook, while the returned handle is open, that requests this interruption and holds the
     * shutdown for up to {@code grace} so that the run can checkpoint and end KILLED.
     */
    Hook whileRunning(Duration grace) {
        Thread hook = new Thread(() -> {
            request("interrupted (Ctrl-C or SIGTERM)");
            awaitHandled(grace);
        }, "genlab-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            handled();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: it waits for handled(), given above.
            }
        };
    }

    /** The registered hook; closing it says the run has stopped and removes the hook. */
    interface Hook extends AutoCloseable {
        @Override
        void close();
    }

    /** Thrown by the training loop when it stopped because of the request, after saving a checkpoint. */
    static final class Stopped extends RuntimeException {
        private final LoopPosition position;

        Stopped(String reason, LoopPosition position) {
            super(reason + " at " + position.describe());
            this.position = position;
        }

        LoopPosition position() {
            return position;
        }
    }
}
