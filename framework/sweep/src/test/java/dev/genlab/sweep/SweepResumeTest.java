package dev.genlab.sweep;

import static dev.genlab.sweep.SweepRuns.genlab;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGTERM here) stops a sweep's trials at checkpoints; `genlab sweep --resume` runs only what is left. */
@WithMlflowServer
@Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SweepResumeTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void resumeAfterStopRunsOnlyTheUnfinishedTrials(URI tracking, MlflowRest mlflow, @TempDir Path work)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.genlab.cli.Main",
                "sweep", SweepRuns.quickSpec(), "--seeds", "1,2,3", "--parallel", "1",
                "--set", "experiment=sweep-resume", "--set", "tracking.uri=" + tracking,
                "--set", "dataset.trainSubset=5000", "--set", "dataset.testSubset=1000", "--set", "training.epochs=4",
                "--set", "training.threads=1", "--set", "dataset.dataDir=" + SharedDatasets.mnist()));
        Process sweep = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("sweep.log").toFile()).start();
        Path sweepDirectory = awaitTrialCheckpoint(work, sweep, 1);
        long trial0Log = Files.size(sweepDirectory.resolve("trial-0.log"));

        sweep.destroy(); // SIGTERM, as Ctrl-C: the shutdown stops the running trial at a checkpoint
        assertThat(sweep.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(work.resolve("sweep.log"));
        MlflowRest.Run parent = SweepRuns.parent(mlflow, "sweep-resume");
        assertThat(parent.status()).as(output).isEqualTo("KILLED");
        assertThat(parent.tags().get("genlab.failure")).contains("genlab sweep --resume " + parent.runId());
        Map<Integer, MlflowRest.Run> stopped = SweepRuns.children(mlflow, "sweep-resume", parent.runId());
        assertThat(stopped).as(output).containsOnlyKeys(0, 1);
        assertThat(stopped.get(0).status()).isEqualTo("FINISHED");
        assertThat(stopped.get(1).status()).isEqualTo("KILLED");

        SweepRuns.Outcome resumed = genlab(work, List.of("sweep", "--resume", parent.runId()));

        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("1 of 3 trials finished; running the other 2")
                .contains("[sweep 3/3 done, 0 failed");
        Map<Integer, MlflowRest.Run> children = SweepRuns.children(mlflow, "sweep-resume", parent.runId());
        assertThat(children).containsOnlyKeys(0, 1, 2);
        children.values().forEach(child -> assertThat(child.status()).isEqualTo("FINISHED"));
        assertThat(children.get(0).runId()).isEqualTo(stopped.get(0).runId());
        assertThat(children.get(0).tags()).doesNotContainKey("genlab.resumed_at_step");
        assertThat(Files.size(sweepDirectory.resolve("trial-0.log"))).as("trial 0 did not run again")
                .isEqualTo(trial0Log);
        assertThat(children.get(1).runId()).isEqualTo(stopped.get(1).runId());
        assertThat(children.get(1).tags()).as("trial 1 went on from its checkpoint")
                .containsKey("genlab.resumed_at_step");
        MlflowRest.Run finished = mlflow.run(parent.runId());
        assertThat(finished.status()).isEqualTo("FINISHED");
        SweepRuns.assertAggregate(finished, "", List.copyOf(children.values()));
    }

    /** Waits until trial {@code index} has a checkpoint; returns the sweep's directory. */
    private static Path awaitTrialCheckpoint(Path work, Process sweep, int index) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            assertThat(sweep.isAlive()).as(() -> "the sweep ended early: " + log(work)).isTrue();
            Optional<Path> sweepDirectory = list(work.resolve(".genlab/sweeps")).stream().findFirst();
            if (sweepDirectory.isPresent()) {
                Optional<String> parent = SweepFiles.read(sweepDirectory.get().resolve("sweep.json"),
                        SweepRecord.class).map(SweepRecord::parentRunId);
                Optional<TrialJournals.Found> trial = parent.flatMap(id -> TrialJournals.find(work, id, index));
                if (trial.isPresent() && Files.exists(trial.get().directory().resolve("checkpoint/position.json"))) {
                    return sweepDirectory.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("trial " + index + " made no checkpoint: " + log(work));
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String log(Path work) {
        try {
            return Files.readString(work.resolve("sweep.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
