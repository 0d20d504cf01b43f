package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands around the run journal, end to end: a run whose server is down completes, {@code genlab sync}
 * sends it later, and {@code genlab ui} serves the local store.
 */
@WithMlflowServer
class SyncAndUiTest {
    private static final Pattern SYNC_HINT = Pattern.compile("genlab sync (\\.genlab/runs/[0-9]{8}-[0-9]{6}-[0-9a-f]{8})`");

    @Test
    void aRunWhoseServerIsDownCompletesAndGenlabSyncSendsItLater(URI server, MlflowRest mlflow, @TempDir Path workDir)
            throws IOException {
        Path spec = Cli.repository().resolve("experiments/ae-mnist-quick.yaml");
        Cli run = Cli.runIn(workDir, "run", spec.toString(),
                "--set", "experiment=sync-later-test",
                "--set", "dataset.trainSubset=500",
                "--set", "dataset.testSubset=200",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=1",
                "--set", "tracking.uri=http://127.0.0.1:" + unusedPort());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("Cannot reach the MLflow tracking server", "The run goes on",
                "events of this run are not in MLflow yet", "Run finished: ");
        Matcher hint = SYNC_HINT.matcher(run.err());
        assertThat(hint.find()).as(run.err()).isTrue();
        assertThat(mlflow.experimentByName("sync-later-test")).isEmpty();

        Cli sync = Cli.runIn(workDir, "sync", hint.group(1), "--set", "tracking.uri=" + server);

        assertThat(sync.status()).as(sync.err()).isZero();
        String experimentId = mlflow.experimentByName("sync-later-test").orElseThrow().experimentId();
        List<MlflowRest.Run> runs = mlflow.searchRuns(experimentId);
        assertThat(runs).hasSize(1);
        MlflowRest.Run synced = mlflow.run(runs.get(0).runId());
        assertThat(sync.err()).contains("Run 'ae-mnist-quick' (" + hint.group(1) + "): sent ",
                "/#/experiments/" + experimentId + "/runs/" + synced.runId());
        assertThat(synced.status()).isEqualTo("FINISHED");
        assertThat(synced.params()).containsEntry("model.type", "ae").containsEntry("dataset.trainSubset", "500");
        assertThat(synced.tags()).containsEntry("mlflow.source.name", spec.toString())
                .containsEntry("mlflow.source.type", "LOCAL")
                .containsKeys("mlflow.source.git.commit", "genlab.version", "genlab.host.cpu");
        assertThat(synced.datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.name()).isEqualTo("mnist");
            assertThat(input.sourceType()).isEqualTo("local");
            assertThat(input.source()).contains(SharedDatasets.mnist().toString());
        });
        // 500 images at batch 32: 16 steps, the loss logged every 10th
        assertThat(mlflow.metricHistory(synced.runId(), "train/loss")).extracting(MlflowRest.Metric::step)
                .containsExactly(10L);
        assertThat(new String(mlflow.download(synced.runId(), "spec.yaml"), StandardCharsets.UTF_8))
                .contains("experiment: sync-later-test");
        assertThat(mlflow.artifactFilesRecursively(synced.runId(), ""))
                .contains("model/model.zip").anyMatch(path -> path.startsWith("images/reconstructions"));

        Cli again = Cli.runIn(workDir, "sync", "--set", "tracking.uri=" + server);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.err()).isEqualTo("1 run had nothing left to send\n");
    }

    @Test
    void genlabUiServesTheStoreOfADirectoryOnTheGivenPortUntilStopped(@TempDir Path store) throws Exception {
        int port = unusedPort();
        CompletableFuture<Cli> ui = CompletableFuture.supplyAsync(() -> Cli.runIn(store, "ui", "--port",
                Integer.toString(port)));
        URI uri = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> experiment = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (experiment == null && !ui.isDone() && System.nanoTime() < deadline) {
            try {
                experiment = http.send(HttpRequest.newBuilder(uri.resolve(
                        "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        assertThat(experiment).as("the UI's server answers").isNotNull();
        assertThat(experiment.statusCode()).isEqualTo(200);
        assertThat(store.resolve("mlflow.db")).isRegularFile();

        // What Ctrl-C does through the server's shutdown hook: stop the server and everything it started.
        List<ProcessHandle> family = ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("--port " + port))
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants())).toList();
        assertThat(family).isNotEmpty();
        family.forEach(ProcessHandle::destroy);
        Cli stopped = ui.get(60, TimeUnit.SECONDS);

        assertThat(stopped.out()).isEqualTo("MLflow UI at " + uri + " (press Ctrl-C to stop it)\n");
        assertThat(stopped.err()).contains("Starting the MLflow UI on " + store.resolve("mlflow.db"),
                "The MLflow server stopped");
        assertThat(family).allSatisfy(process -> assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(30)));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
