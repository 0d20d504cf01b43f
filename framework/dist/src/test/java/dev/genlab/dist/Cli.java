package dev.genlab.dist;

import dev.genlab.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the {@code genlab} command in-process and keeps what it printed. */
record Cli(int status, String out, String err) {
    /**
     * The working directory of commands that do not name one: a scratch directory rather than the module's, so
     * that the runs journaled under {@code .genlab/runs} do not pile up in the source tree.
     */
    private static final Path SCRATCH = scratch();

    static Cli run(String... args) {
        return runIn(SCRATCH, args);
    }

    /** Runs the command as if started in {@code workDir}, where it journals runs and keeps a local MLflow store. */
    static Cli runIn(Path workDir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workDir).execute(args);
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The checkout's top directory (surefire runs in the module directory). */
    static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("experiments")) && Files.isRegularFile(dir.resolve("genlab"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no GenLab checkout above " + Path.of("").toAbsolutePath());
    }

    private static Path scratch() {
        try {
            return Files.createDirectories(Path.of("target", "cli-work")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
