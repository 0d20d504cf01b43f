package dev.genlab.tracking.mlflow;

import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.testing.GenLabFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.core.run.RunResult;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.Tracker;
import dev.genlab.tracking.journal.Destination;
import dev.genlab.tracking.journal.Journal;
import dev.genlab.tracking.journal.JournalEvent;
import dev.genlab.tracking.journal.RunDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run made where no MLflow server could be had is complete in its journal, and {@code genlab sync} later makes
 * it appear in a server as if it had been tracked live.
 */
@WithMlflowServer
class OfflineSyncTest {
    /** No {@code mlflow} on PATH and no tracking URI: the run can only be journaled. */
    private static final Map<String, String> WITHOUT_MLFLOW = Map.of("PATH", "/nonexistent");
    private static final DeliverySettings QUICK = DeliverySettings.DEFAULTS
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .withPatience(Duration.ofSeconds(5));

    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void aRunMadeWithoutMlflowIsSyncedLaterWithEverythingItLogged(URI server, MlflowRest mlflow) throws IOException {
        GenLabFixture runner = GenLabFixture.create();
        RunResult result;
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, WITHOUT_MLFLOW, QUICK, messages::add)) {
            result = runner.run(tracker, TestPlugin.SPEC.formatted("offline-sync"));
        }
        Path runDirectory = workDir.resolve(".genlab/runs").resolve(result.runId());
        assertThat(runDirectory.resolve("journal.jsonl")).isRegularFile();
        assertThat(result.url()).isEqualTo(runDirectory.toString());
        assertThat(runner.console()).contains("Run 'mean-of-bars' (" + result.runId() + "): " + runDirectory,
                "events of this run are not in MLflow yet; they are kept in .genlab/runs/" + result.runId(),
                "send them with `genlab sync .genlab/runs/" + result.runId() + "`");
        assertThat(messages).singleElement().asString().startsWith("MLflow is not installed");
        assertThat(mlflow.experimentByName("offline-sync")).isEmpty();

        JournalSync sync = new JournalSync(workDir, Map.of(), QUICK, messages::add);
        assertThat(sync.sync(Optional.of(Path.of(".genlab/runs", result.runId())), Optional.of(server))).isTrue();

        String experimentId = mlflow.experimentByName("offline-sync").orElseThrow().experimentId();
        List<MlflowRest.Run> runs = mlflow.searchRuns(experimentId);
        assertThat(runs).hasSize(1);
        MlflowRest.Run run = mlflow.run(runs.get(0).runId());
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.runName()).isEqualTo("mean-of-bars");
        assertThat(run.tags()).containsEntry("genlab.local_id", result.runId())
                .containsEntry("mlflow.note.content", "Learning the mean bar image.")
                .containsEntry("genlab.dataset.digest", "seed-7")
                .containsEntry("mlflow.loggedImages", "True");
        assertThat(run.params()).containsEntry("model.type", "mean-image").containsEntry("training.batchSize", "8");
        // 256 images in batches of 8 for 2 epochs: 64 steps, every loss logged
        assertThat(mlflow.metricHistory(run.runId(), "train/loss")).extracting(MlflowRest.Metric::step)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 64).boxed().toList());
        assertThat(mlflow.metricHistory(run.runId(), "test/mse")).extracting(MlflowRest.Metric::step)
                .containsExactly(32L, 64L);
        assertThat(new String(mlflow.download(run.runId(), "spec.yaml"), StandardCharsets.UTF_8))
                .contains("experiment: offline-sync", "type: mean-image");
        assertThat(mlflow.artifactFilesRecursively(run.runId(), "images")).hasSize(2)
                .allMatch(path -> path.startsWith("images/mean+step+0+timestamp+"));
        assertThat(run.datasetInputs()).singleElement().satisfies(input -> assertThat(input.name()).isEqualTo("bars"));
        assertThat(messages).anySatisfy(message -> assertThat(message)
                .startsWith("Run 'mean-of-bars' (.genlab/runs/" + result.runId() + "): sent ")
                .endsWith(" events to MLflow at " + server + ": " + server + "/#/experiments/" + experimentId
                        + "/runs/" + run.runId()));

        messages.clear();
        assertThat(sync.sync(Optional.empty(), Optional.of(server))).as("sending again").isTrue();
        assertThat(messages).containsExactly("1 run had nothing left to send");
        assertThat(mlflow.searchRuns(experimentId)).hasSize(1);
        assertThat(mlflow.metricHistory(run.runId(), "train/loss")).hasSize(64);
    }

    @Test
    void aRunWhoseProgramStoppedBeforeItsEndIsSentAsFailed(URI server, MlflowRest mlflow) throws IOException {
        RunDirectory directory = RunDirectory.create(workDir.resolve(".genlab/runs"), "20250101-000000-0000abcd");
        try (Journal journal = Journal.create(directory)) {
            journal.append(new JournalEvent.Started(directory.localId(), "offline-crash", "crashed",
                    Map.of("mlflow.note.content", "Trying something."), 1_700_000_000_000L, "ada",
                    Destination.localStore(workDir).key()));
            journal.append(new JournalEvent.Metric("loss", 0.5, 1_700_000_000_100L, 1));
        }

        JournalSync sync = new JournalSync(workDir, Map.of("MLFLOW_TRACKING_URI", server.toString()), QUICK,
                messages::add);
        assertThat(sync.sync(Optional.empty(), Optional.empty())).isTrue();

        String experimentId = mlflow.experimentByName("offline-crash").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).get(0);
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.startTime()).isEqualTo(1_700_000_000_000L);
        assertThat(run.tags().get("genlab.failure")).startsWith("the program stopped before the run ended");
        assertThat(run.tags().get("mlflow.note.content")).startsWith("Trying something.").contains("**FAILED:**");
        assertThat(mlflow.metricHistory(run.runId(), "loss")).singleElement()
                .satisfies(point -> assertThat(point.timestamp()).isEqualTo(1_700_000_000_100L));
        assertThat(messages).anySatisfy(message -> assertThat(message).contains("never ended"));
        assertThat(Files.readString(directory.journal())).contains("\"type\":\"created\"", "\"type\":\"end\"");
    }

    @Test
    void aRunInUseIsLeftAloneAndAnUnknownDirectoryIsRefused(URI server) {
        RunDirectory directory = RunDirectory.create(workDir.resolve(".genlab/runs"), "20250101-000000-0000beef");
        Journal.create(directory).close();
        JournalSync sync = new JournalSync(workDir, Map.of(), QUICK, messages::add);

        RunDirectory.Lock held = directory.tryLock().orElseThrow();
        try {
            assertThat(sync.sync(Optional.empty(), Optional.of(server))).isFalse();
        } finally {
            held.close();
        }
        assertThat(messages).singleElement().asString().contains("is being written or sent by another genlab program");
        assertThatThrownBy(() -> sync.sync(Optional.of(workDir), Optional.of(server)))
                .hasMessageContaining("is not a run's journal directory");
    }
}
