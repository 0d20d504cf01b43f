package dev.genlab.mlflow.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds the {@code mlflow} command: an explicit {@value #ENV} first, then the directories of PATH. */
final class MlflowExecutable {
    static final String ENV = "GENLAB_MLFLOW";

    private MlflowExecutable() {
    }

    static Optional<Path> find(Map<String, String> env) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            // A variable set on purpose but pointing nowhere is a mistake to report, not to skip over.
            Path path = Path.of(explicit);
            if (!isExecutableFile(path)) {
                throw new MlflowServerException(ENV + "=" + explicit + " is not an executable file: point it at the"
                        + " `mlflow` command (for example the one in your virtualenv's bin directory) or unset it");
            }
            return Optional.of(path.toAbsolutePath());
        }
        String searchPath = env.getOrDefault("PATH", "");
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            for (String name : commandNames()) {
                try {
                    Path candidate = Path.of(directory, name);
                    if (isExecutableFile(candidate)) {
                        return Optional.of(candidate.toAbsolutePath());
                    }
                } catch (InvalidPathException e) {
                    // A malformed PATH entry cannot hold the command; the next one may.
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> commandNames() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows ? List.of("mlflow.exe", "mlflow.cmd", "mlflow") : List.of("mlflow");
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
