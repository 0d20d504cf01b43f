package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** For tests that run `genlab` as a process of its own, writing its output to {@code genlab.log} in its directory. */
final class GenlabProcess {
    static final String LOG = "genlab.log";

    private GenlabProcess() {
    }

    /** Starts {@code genlab args...} as a process in {@code workDir}, its output going to {@code log} there. */
    static Process start(Path workDir, String log, String... args) throws IOException {
        return new ProcessBuilder(command(List.of("-Xmx1g"), args)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve(log).toFile()).start();
    }

    /** The command line of {@code genlab args...} in a JVM of this test's class path with {@code javaOptions}. */
    static List<String> command(List<String> javaOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.genlab.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /** Waits for the first checkpoint of the run journaled in {@code workDir}; returns its position file. */
    static Path awaitFirstCheckpoint(Path workDir, Process process, Duration patience) throws InterruptedException,
            IOException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as(() -> "genlab ended before its first checkpoint: " + log(workDir))
                    .isTrue();
            Path runs = workDir.resolve(".genlab/runs");
            if (Files.isDirectory(runs)) {
                try (Stream<Path> found = Files.list(runs)) {
                    List<Path> positions = found.map(run -> run.resolve("checkpoint/position.json"))
                            .filter(Files::isRegularFile).toList();
                    if (!positions.isEmpty()) {
                        return positions.get(0);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint within " + patience + ": " + log(workDir));
    }

    /** What the process printed so far. */
    static String log(Path workDir) {
        return log(workDir, LOG);
    }

    /** What the process writing to {@code log} in {@code workDir} printed so far. */
    static String log(Path workDir, String log) {
        try {
            return Files.readString(workDir.resolve(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
