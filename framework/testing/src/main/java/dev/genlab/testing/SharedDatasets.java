package dev.genlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the project's real datasets: {@code GENLAB_DATA_DIR} when set, else the {@code shared/datasets} beside
 * the checkout, found by walking up from the working directory (surefire runs in the module directory).
 */
public final class SharedDatasets {
    private SharedDatasets() {
    }

    public static Path root() {
        String env = System.getenv("GENLAB_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isRegularFile(candidate.resolve("mnist").resolve("train-images-idx3-ubyte.gz"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/datasets with mnist/ found above " + Paths.get("").toAbsolutePath()
                + "; set GENLAB_DATA_DIR to the directory holding mnist/ and fashion-mnist/");
    }

    /** {@link #root()}, or a directory that does not exist where there are no shared datasets (tests on made-up data). */
    static Path rootIfPresent() {
        try {
            return root();
        } catch (IllegalStateException e) {
            return Paths.get("no-shared-datasets").toAbsolutePath();
        }
    }

    public static Path mnist() {
        return root().resolve("mnist");
    }

    public static Path fashionMnist() {
        return root().resolve("fashion-mnist");
    }
}
