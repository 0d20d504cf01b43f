package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.mlflow.server.MlflowServer;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group: to `genlab run` and, unless it runs
 * in a session of its own, to the local MLflow server GenLab started. The run must still end KILLED in that
 * server's store, which needs the server up until the run has said so.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@EnabledOnOs(OS.LINUX)
class CtrlCTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void ctrlCOfTheTerminalEndsTheRunKilledInTheLocalStore(@TempDir Path work) throws Exception {
        // A terminal's foreground program gets the default SIGINT; one started in the background by a script (as
        // this test may be) inherits SIGINT ignored, and the JVM would then never see it: reset it before java.
        List<String> command = new ArrayList<>(List.of("setsid", "python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.genlab.cli.Main",
                "run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=ctrl-c",
                "--set", "dataset.trainSubset=10000",
                "--set", "dataset.testSubset=1000",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=10"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(GenlabProcess.LOG).toFile());
        // the local store of the working directory, as for a user who set nothing
        builder.environment().remove("MLFLOW_TRACKING_URI");
        Process genlab = builder.start();
        GenlabProcess.awaitFirstCheckpoint(work, genlab, PATIENCE);

        // what a terminal does on Ctrl-C: SIGINT to every process of the group (setsid made genlab its leader)
        new ProcessBuilder("kill", "-INT", "--", "-" + genlab.pid()).inheritIO().start().waitFor();
        assertThat(genlab.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("genlab ended").isTrue();
        String output = GenlabProcess.log(work);
        assertThat(output).as(output).contains("stopped: interrupted (Ctrl-C or SIGTERM) at step")
                .doesNotContain("not in MLflow yet");

        try (MlflowServer store = MlflowServer.start(work)) {
            MlflowRest mlflow = new MlflowRest(store.uri());
            String experimentId = mlflow.experimentByName("ctrl-c").orElseThrow().experimentId();
            List<MlflowRest.Run> runs = mlflow.searchRuns(experimentId);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo("KILLED");
            assertThat(runs.get(0).tags().get("genlab.failure")).contains("genlab run --resume " + runs.get(0).runId());
        }
    }
}
