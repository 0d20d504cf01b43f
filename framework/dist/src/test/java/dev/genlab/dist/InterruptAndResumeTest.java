package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `genlab run` process, stopped with SIGTERM (what Ctrl-C and `kill` send) after its first checkpoint,
 * ends KILLED in a real MLflow server; `genlab run --resume RUN_ID` then finishes the same MLflow run with the
 * very metrics of a run never stopped, every step once.
 */
@WithMlflowServer
class InterruptAndResumeTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunStoppedBySigtermResumesInTheSameMlflowRunToTheUninterruptedResult(URI server, MlflowRest mlflow,
            @TempDir Path reference, @TempDir Path stopped) throws Exception {
        List<String> spec = spec(server);
        Cli uninterrupted = Cli.runIn(reference, concat(spec, "--set", "experiment=resume-reference"));
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();

        Process process = genlabProcess(stopped, concat(spec, "--set", "experiment=resume-test"));
        Path position = GenlabProcess.awaitFirstCheckpoint(stopped, process, PATIENCE);
        process.destroy();
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("process ended").isTrue();
        String output = GenlabProcess.log(stopped);
        assertThat(output).as(output).contains("stopped: interrupted (Ctrl-C or SIGTERM) at step");
        assertThat(position).exists();

        MlflowRest.Run killed = onlyRun(mlflow, "resume-test");
        assertThat(killed.status()).isEqualTo("KILLED");
        assertThat(killed.tags().get("genlab.failure"))
                .contains("go on with `genlab run --resume " + killed.runId() + "`");
        long stoppedAt = Long.parseLong(killed.tags().get("genlab.stopped_at_step"));
        assertThat(stoppedAt).as("stopped part-way").isBetween(1L, 10L * STEPS_PER_EPOCH - 1);

        Cli resumed = Cli.runIn(stopped, "run", "--resume", killed.runId());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("Resuming at step " + stoppedAt);

        MlflowRest.Run finished = onlyRun(mlflow, "resume-test");
        assertThat(finished.runId()).isEqualTo(killed.runId());
        assertThat(finished.status()).isEqualTo("FINISHED");
        assertThat(finished.tags()).containsEntry("genlab.resumed_at_step", Long.toString(stoppedAt))
                .doesNotContainKey("genlab.failure");
        MlflowRest.Run expected = onlyRun(mlflow, "resume-reference");
        assertThat(histories(mlflow, finished)).isEqualTo(histories(mlflow, expected));
        assertThat(finished.metrics().get("test/mse")).isEqualTo(expected.metrics().get("test/mse"));

        Cli again = Cli.runIn(stopped, "run", "--resume", killed.runId());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("has finished: there is nothing to resume");
        assertThat(onlyRun(mlflow, "resume-test").status()).isEqualTo("FINISHED");
    }

    @Test
    void anAbsurdLearningRateEndsTheRunFailedWithTheStepAndTheReason(URI server, MlflowRest mlflow,
            @TempDir Path work) {
        // a linear output, so that the outputs grow without bound and the squared error overflows. With the sigmoid
        // output the loss became NaN on earlier machines, but on an AVX-512 machine of 2026-12-06 it stayed finite
        // (0.1197 for ten epochs: the sigmoid saturated), with that day's code and the day before's alike
        Cli cli = Cli.runIn(work, concat(spec(server), "--set", "experiment=nan-test",
                "--set", "training.optimizer.learningRate=1e30", "--set", "model.outputActivation=identity",
                "--set", "tracking.logEvery=1"));

        assertThat(cli.status()).isEqualTo(1);
        assertThat(cli.err()).contains("error [training]: loss became Infinity at step");
        MlflowRest.Run run = onlyRun(mlflow, "nan-test");
        assertThat(run.status()).isEqualTo("FAILED");
        String step = run.tags().get("genlab.failure.step");
        assertThat(run.tags().get("genlab.failure"))
                .contains("loss became Infinity at step " + step, "lower training.optimizer.learningRate");
        // what was logged before the loss went bad stays with the run
        assertThat(mlflow.metricHistory(run.runId(), "train/loss")).extracting(MlflowRest.Metric::step)
                .allMatch(logged -> logged < Long.parseLong(step));
        assertThat(run.params()).containsEntry("training.optimizer.learningRate", "1e30");
    }

    /** 10,000 images at batch 32: 313 steps an epoch, ten epochs, a checkpoint at each epoch's end. */
    private static final long STEPS_PER_EPOCH = 313;

    private static List<String> spec(URI server) {
        return List.of("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "dataset.trainSubset=10000",
                "--set", "dataset.testSubset=1000",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=10",
                "--set", "tracking.logEvery=50",
                "--set", "tracking.uri=" + server);
    }

    private static Process genlabProcess(Path workDir, String... args) throws IOException {
        return GenlabProcess.start(workDir, GenlabProcess.LOG, args);
    }

    /**
     * Every metric's history as "step=value", but the timings and the system metrics, which depend on the machine's
     * mood.
     */
    private static Map<String, List<String>> histories(MlflowRest mlflow, MlflowRest.Run run) {
        Map<String, List<String>> all = new TreeMap<>();
        for (String key : run.metrics().keySet()) {
            if (!key.equals("images_per_second") && !key.startsWith("time/") && !key.startsWith("system/")) {
                all.put(key, mlflow.metricHistory(run.runId(), key).stream()
                        .map(point -> point.step() + "=" + point.value()).toList());
            }
        }
        return all;
    }

    private static MlflowRest.Run onlyRun(MlflowRest mlflow, String experiment) {
        String experimentId = mlflow.experimentByName(experiment).orElseThrow().experimentId();
        List<MlflowRest.Run> runs = mlflow.searchRuns(experimentId);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
