package dev.genlab.mlflow.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops a process together with everything it started. {@code mlflow server} runs uvicorn (or gunicorn and
 * its workers) as children, and stopping only the parent would leave them serving the port.
 */
final class ProcessTree {
    private ProcessTree() {
    }

    /** Asks the whole tree to terminate, waits up to {@code grace}, then kills what is left and waits for it. */
    static void stop(ProcessHandle root, Duration grace) {
        // Taken before any signal: once the parent exits its children are re-parented and no longer found.
        List<ProcessHandle> family = Stream.concat(Stream.of(root), root.descendants()).toList();
        // A polite signal first, so the server closes its SQLite store cleanly.
        family.forEach(ProcessHandle::destroy);
        if (awaitExit(family, grace)) {
            return;
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(family, grace);
    }

    private static boolean awaitExit(List<ProcessHandle> family, Duration timeout) {
        CompletableFuture<?>[] exits = family.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return family.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return family.stream().noneMatch(ProcessHandle::isAlive);
        }
    }
}
