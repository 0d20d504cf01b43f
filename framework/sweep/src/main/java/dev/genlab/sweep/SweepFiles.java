package dev.genlab.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A sweep's own files, in {@code .genlab/sweeps/<parent local id>/} of the working directory: {@code sweep.json}
 * (what it runs), and per trial its task, its result and, for trials run as processes, its output. Files are
 * replaced by renames, so a crash never leaves half of one.
 */
final class SweepFiles {
    static final String SWEEPS = ".genlab/sweeps";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    SweepFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    static SweepFiles of(Path workDir, String parentLocalId) {
        return new SweepFiles(workDir.resolve(SWEEPS).resolve(parentLocalId));
    }

    Path directory() {
        return directory;
    }

    Path sweep() {
        return directory.resolve("sweep.json");
    }

    Path task(int index) {
        return directory.resolve("trial-" + index + ".task.json");
    }

    Path result(int index) {
        return directory.resolve("trial-" + index + ".json");
    }

    Path log(int index) {
        return directory.resolve("trial-" + index + ".log");
    }

    static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            JSON.writeValue(partial.toFile(), value);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
