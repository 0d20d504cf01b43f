package dev.genlab.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets one run at a time train a given cached classifier: the trials of a sweep, or runs started side by side on one
 * machine, would otherwise each train the same classifier at once. Threads of one process queue on a lock of their
 * own (a file lock is held by a process, not a thread); processes on a lock file beside the classifier.
 */
final class TrainingLock implements AutoCloseable {
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock lock;

    private TrainingLock(ReentrantLock threads, FileChannel channel, FileLock lock) {
        this.threads = threads;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits until no other thread or process holds {@code file}, saying so once through {@code messages}. */
    static TrainingLock acquire(Path file, String waitingMessage, Consumer<String> messages) {
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), key -> new ReentrantLock());
        boolean waited = !threads.tryLock();
        if (waited) {
            messages.accept(waitingMessage);
            threads.lock();
        }
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    if (!waited) {
                        messages.accept(waitingMessage);
                    }
                    lock = channel.lock();
                }
                return new TrainingLock(threads, channel, lock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            threads.unlock();
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (RuntimeException e) {
            threads.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        } finally {
            threads.unlock();
        }
    }
}
