package dev.genlab.core.run;

import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import dev.genlab.api.RunLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Saves a trained model into a scratch directory and logs its files as the run's {@code model/} artifacts. */
public final class ModelArtifacts {
    public static final String DIRECTORY = "model";

    private ModelArtifacts() {
    }

    static void upload(Model model, RunLog log) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("genlab-model-");
            model.save(scratch);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(scratch)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String relative = scratch.relativize(file).toString().replace('\\', '/');
                log.artifact(DIRECTORY + "/" + relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new GenLabException(GenLabException.Category.TRAINING, "Cannot save the trained model: " + e, e);
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
