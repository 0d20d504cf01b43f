package dev.genlab.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last checkpoint of a run, in the run's directory: {@code checkpoint/} holds the model as its plugin saves
 * it ({@code model/}: weights and optimiser state), where training stands ({@code position.json}) and the
 * resolved spec ({@code spec.yaml}). A new checkpoint is written beside the old one and swapped in by renames,
 * so a crash while saving leaves the previous checkpoint whole.
 */
public final class Checkpoints {
    static final String CURRENT = "checkpoint";
    static final String MODEL = "model";
    static final String POSITION = "position.json";
    static final String SPEC = "spec.yaml";
    private static final String PARTIAL = "checkpoint.partial";
    private static final String PREVIOUS = "checkpoint.previous";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path runDirectory;

    /** @param runDirectory the run's directory, which holds its journal */
    public Checkpoints(Path runDirectory) {
        this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    }

    /** A checkpoint read back: the model's directory, where training stood and the spec it ran. */
    public record Checkpoint(Path directory, LoopPosition position, String specYaml) {
        public Path model() {
            return directory.resolve(MODEL);
        }

        /** The resolved spec the run trained with. */
        public Path spec() {
            return directory.resolve(SPEC);
        }

        /** The step training had reached. */
        public long step() {
            return position.step();
        }
    }

    void save(Model model, LoopPosition position, String specYaml) {
        Path partial = runDirectory.resolve(PARTIAL);
        Path current = runDirectory.resolve(CURRENT);
        Path previous = runDirectory.resolve(PREVIOUS);
        try {
            delete(partial);
            Files.createDirectories(partial);
            model.save(partial.resolve(MODEL));
            Files.writeString(partial.resolve(SPEC), specYaml, StandardCharsets.UTF_8);
            JSON.writeValue(partial.resolve(POSITION).toFile(), position);
            delete(previous);
            if (Files.exists(current)) {
                Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, current, StandardCopyOption.ATOMIC_MOVE);
            delete(previous);
        } catch (IOException | UncheckedIOException e) {
            throw new GenLabException(GenLabException.Category.TRAINING, "Cannot save a checkpoint in " + current
                    + ": " + e.getMessage() + " (the previous checkpoint, if any, is left as it was)", e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        for (String name : new String[] {CURRENT, PREVIOUS}) {
            Path directory = runDirectory.resolve(name);
            if (Files.isRegularFile(directory.resolve(POSITION))) {
                try {
                    LoopPosition position = JSON.readValue(directory.resolve(POSITION).toFile(), LoopPosition.class);
                    String spec = Files.readString(directory.resolve(SPEC), StandardCharsets.UTF_8);
                    return Optional.of(new Checkpoint(directory, position, spec));
                } catch (IOException e) {
                    throw new GenLabException(GenLabException.Category.TRAINING, "The checkpoint in " + directory
                            + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
