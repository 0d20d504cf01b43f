package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One problem of a spec: the YAML path of the value it concerns (empty for one that belongs to no value, such as a
 * malformed {@code --set}), what is wrong, and where the value came from ({@code line 7}, or the {@code --set} that
 * gave it).
 */
public record SpecProblem(String path, String message, Optional<String> origin) {
    public SpecProblem {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
        requireNonNull(origin, "origin is null");
    }

    /** The line of the spec file the value is on, when it came from the file. */
    public OptionalInt line() {
        return origin.filter(text -> text.startsWith("line ")).map(text -> OptionalInt.of(Integer.parseInt(
                text.substring(5)))).orElse(OptionalInt.empty());
    }

    /** As the command line prints it: {@code model.latentDim: must be > 0 (line 7)}. */
    @Override
    public String toString() {
        String where = origin.map(text -> " (" + text + ")").orElse("");
        return path.isEmpty() ? message + where : path + ": " + message + where;
    }
}
