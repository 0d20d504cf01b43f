package dev.genlab.mlflow.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * An exclusive lock on a local MLflow store ({@code mlflow.db.lock} beside {@code mlflow.db}), held while a server
 * starts on it: MLflow creates or upgrades the database schema when it starts, and two servers doing so at once
 * on a new store both fail and can leave it broken. The lock is an operating-system file lock, so it holds
 * between processes and is gone when its holder dies; servers of one JVM also wait for each other.
 */
final class StoreLock implements AutoCloseable {
    static final String FILE = "mlflow.db.lock";
    private static final Duration POLL = Duration.ofMillis(100);
    /** File locks belong to the JVM, not to a thread: threads of one JVM take turns here first. */
    private static final Map<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code timeout} for the store in {@code directory} to be free and takes it.
     *
     * @throws MlflowServerException when another program holds it for longer
     */
    static StoreLock acquire(Path directory, Duration timeout) {
        Path file = directory.resolve(FILE);
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore local = IN_THIS_JVM.computeIfAbsent(directory, key -> new Semaphore(1));
        try {
            if (!local.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(directory, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowServerException("Interrupted while waiting for the MLflow store in " + directory, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new StoreLock(local, channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw busy(directory, timeout);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            close(channel);
            local.release();
            throw new MlflowServerException("Cannot lock the MLflow store in " + directory + " (" + file + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            close(channel);
            local.release();
            Thread.currentThread().interrupt();
            throw new MlflowServerException("Interrupted while waiting for the MLflow store in " + directory, e);
        } catch (RuntimeException e) {
            close(channel);
            local.release();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it as well
        } finally {
            close(channel);
            local.release();
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
        }
    }

    private static MlflowServerException busy(Path directory, Duration timeout) {
        return new MlflowServerException("Another program has been starting an MLflow server on the store in "
                + directory + " for more than " + timeout.toSeconds() + " s (it holds " + directory.resolve(FILE)
                + "); try again once it is up");
    }
}
