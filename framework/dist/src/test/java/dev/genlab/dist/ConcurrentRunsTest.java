package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two first runs started at once in an empty directory: each starts a local MLflow server on the new store, one
 * after the other has created its schema, and both runs end FINISHED in that store.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConcurrentRunsTest {
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void twoFirstRunsInAnEmptyDirectoryBothEndFinishedInTheLocalStore(@TempDir Path workDir) throws Exception {
        List<String> spec = List.of("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=concurrent-first-runs",
                "--set", "dataset.trainSubset=64",
                "--set", "dataset.testSubset=64",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=1");

        Process first = GenlabProcess.start(workDir, "first.log", spec.toArray(String[]::new));
        Process second = GenlabProcess.start(workDir, "second.log", spec.toArray(String[]::new));

        for (Process process : List.of(first, second)) {
            assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("ended").isTrue();
        }
        String output = GenlabProcess.log(workDir, "first.log") + GenlabProcess.log(workDir, "second.log");
        assertThat(first.exitValue()).as(output).isZero();
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("not in MLflow yet").doesNotContain("Cannot start a local MLflow server");
        try (MlflowServer store = MlflowServer.start(workDir)) {
            MlflowRest mlflow = new MlflowRest(store.uri());
            String experiment = mlflow.experimentByName("concurrent-first-runs").orElseThrow().experimentId();
            assertThat(mlflow.searchRuns(experiment)).hasSize(2)
                    .allSatisfy(run -> assertThat(run.status()).isEqualTo("FINISHED"));
        }
    }
}
