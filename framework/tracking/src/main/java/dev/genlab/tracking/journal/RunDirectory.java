package dev.genlab.tracking.journal;

import static java.util.Objects.requireNonNull;

import dev.genlab.api.GenLabException;
import dev.genlab.tracking.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one journaled run, {@code .genlab/runs/<local id>/}: the journal, the bodies of its
 * artifacts, the file saying how far each server has acknowledged it, and a lock so that a run being written
 * and a {@code genlab sync} never send the same run at once.
 */
public final class RunDirectory {
    /** Where runs are journaled, relative to the working directory. */
    public static final String RUNS = ".genlab/runs";
    public static final String JOURNAL = Delivery.JOURNAL_FILE;
    static final String ARTIFACTS = "artifacts";
    static final String CURSOR = "sent.json";
    private static final String LOCK = ".lock";

    private final Path path;

    private RunDirectory(Path path) {
        this.path = requireNonNull(path, "path is null").toAbsolutePath().normalize();
    }

    /** Creates the directory of a new run; fails if it exists, so that no two runs share one. */
    public static RunDirectory create(Path runsRoot, String localId) {
        Path path = runsRoot.resolve(localId);
        try {
            Files.createDirectories(runsRoot);
            Files.createDirectory(path);
            Files.createDirectory(path.resolve(ARTIFACTS));
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.TRACKING, "Cannot create the run journal directory "
                    + path.toAbsolutePath() + ": " + e.getMessage() + " (GenLab keeps every run there before sending it"
                    + " to MLflow; run from a directory you can write to)", e);
        }
        return new RunDirectory(path);
    }

    /** The run kept in {@code path}, if it holds a journal. */
    public static Optional<RunDirectory> at(Path path) {
        return Files.isRegularFile(path.resolve(JOURNAL)) ? Optional.of(new RunDirectory(path)) : Optional.empty();
    }

    /** Every run kept under {@code runsRoot}, oldest first (local ids begin with their start time). */
    public static List<RunDirectory> under(Path runsRoot) {
        if (!Files.isDirectory(runsRoot)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(runsRoot)) {
            return children.sorted().map(RunDirectory::at).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the runs in " + runsRoot, e);
        }
    }

    public Path path() {
        return path;
    }

    public String localId() {
        return path.getFileName().toString();
    }

    public Path journal() {
        return path.resolve(JOURNAL);
    }

    Path artifacts() {
        return path.resolve(ARTIFACTS);
    }

    Path cursor() {
        return path.resolve(CURSOR);
    }

    /**
     * Takes the run's lock, held while a program writes or sends it.
     *
     * @return empty if another program (or another part of this one) holds it
     */
    public Optional<Lock> tryLock() {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new Lock(channel, lock));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the run directory " + path, e);
        }
    }

    /** {@code path} as a person types it from {@code workDir}: relative when inside it. */
    public String display(Path workDir) {
        Path base = workDir.toAbsolutePath().normalize();
        return path.startsWith(base) && !path.equals(base) ? base.relativize(path).toString() : path.toString();
    }

    @Override
    public String toString() {
        return path.toString();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The lock was not taken; nothing is left to release.
            }
        }
    }

    /** A held run lock; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot release a run lock", e);
            }
        }
    }
}
