package dev.genlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.genlab.core.run.RunResult;
import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.Tracker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's model becomes an MLflow model: the MLmodel file with the genlab flavor beside its files, a logged model
 * of the run (MLflow 3), and a registered version when the spec asks for one; through the journal, so that a run
 * sent later gets them too, and never twice. A server without logged models gets the MLmodel file alone.
 */
@WithMlflowServer
class LoggedModelTest {
    private static final Map<String, String> WITHOUT_MLFLOW = Map.of("PATH", "/nonexistent");
    private static final DeliverySettings QUICK = DeliverySettings.DEFAULTS
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .withPatience(Duration.ofSeconds(5));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void aRunSyncedLaterGetsItsLoggedModelAndVersionOnceHoweverOftenItIsSent(URI server, MlflowRest mlflow)
            throws IOException {
        RunResult result;
        try (Tracker tracker = LocalMlflow.open(Optional.empty(), workDir, WITHOUT_MLFLOW, QUICK, messages::add)) {
            result = GenLabFixture.create().run(tracker, TestPlugin.SPEC.formatted("logged-model-sync"),
                    "tracking.registerAs=mean-bars-synced");
        }
        Path runDirectory = workDir.resolve(".genlab/runs").resolve(result.runId());
        assertThat(Files.readString(runDirectory.resolve("journal.jsonl")))
                .contains("\"type\":\"model\"", "\"type\":\"register\",\"name\":\"mean-bars-synced\"");
        JournalSync sync = new JournalSync(workDir, Map.of(), QUICK, messages::add);

        assertThat(sync.sync(Optional.empty(), Optional.of(server))).isTrue();

        String experimentId = mlflow.experimentByName("logged-model-sync").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).stream().collect(onlyOne());
        MlflowRest.LoggedModel model = mlflow.loggedModels(experimentId).stream().collect(onlyOne());
        assertThat(model.name()).isEqualTo("model");
        assertThat(model.status()).isEqualTo("LOGGED_MODEL_READY");
        assertThat(model.modelType()).isEqualTo("mean-image");
        assertThat(model.sourceRunId()).isEqualTo(run.runId());
        assertThat(model.params()).containsEntry("model.type", "mean-image").containsEntry("training.batchSize", "8");
        assertThat(mlflow.outputModelIds(run.runId())).containsExactly(model.modelId());
        assertThat(mlflow.loggedModelFiles(model.modelId())).containsExactlyInAnyOrder("MLmodel", "mean.bin",
                "spec.yaml");
        assertThat(new String(mlflow.loggedModelFile(model.modelId(), "spec.yaml")))
                .contains("experiment: logged-model-sync", "type: mean-image");

        byte[] mlmodel = mlflow.loggedModelFile(model.modelId(), "MLmodel");
        assertThat(mlflow.download(run.runId(), "model/MLmodel")).isEqualTo(mlmodel);
        JsonNode description = YAML.readTree(mlmodel);
        assertThat(description.path("artifact_path").asText()).isEqualTo(model.artifactUri());
        assertThat(description.path("run_id").asText()).isEqualTo(run.runId());
        assertThat(description.path("model_id").asText()).isEqualTo(model.modelId());
        assertThat(description.path("model_uuid").asText()).isEqualTo(model.modelId());
        assertThat(description.path("utc_time_created").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        JsonNode flavor = description.path("flavors").path("genlab");
        assertThat(flavor.path("model_type").asText()).isEqualTo("mean-image");
        assertThat(flavor.path("dataset").asText()).isEqualTo("bars");
        assertThat(flavor.path("spec").asText()).isEqualTo("spec.yaml");
        assertThat(flavor.path("genlab_version").asText()).isNotBlank();
        assertThat(texts(flavor.path("files"))).containsExactly("mean.bin", "spec.yaml");
        assertThat(flavor.path("sample").asText()).startsWith("genlab sample runs:/" + run.runId() + "/model ");

        assertThat(mlflow.modelVersion("mean-bars-synced", "1")).hasValueSatisfying(version -> {
            assertThat(version.source()).isEqualTo("models:/" + model.modelId());
            assertThat(version.runId()).isEqualTo(run.runId());
        });
        assertThat(messages).contains("Registered mean-bars-synced version 1");

        // the server acknowledged everything, but the cursor that says so is lost: all is sent again
        Files.delete(runDirectory.resolve("sent.json"));
        assertThat(sync.sync(Optional.empty(), Optional.of(server))).isTrue();
        // and the answers that created the logged model were lost too: it is found by its tag
        List<String> lines = Files.readAllLines(runDirectory.resolve("journal.jsonl"));
        assertThat(lines).anyMatch(line -> line.contains("\"type\":\"model-created\""));
        Files.write(runDirectory.resolve("journal.jsonl"), lines.stream()
                .filter(line -> !line.contains("\"type\":\"model-created\"")).map(line -> line + "\n")
                .collect(Collectors.joining()).getBytes());
        Files.delete(runDirectory.resolve("sent.json"));
        assertThat(sync.sync(Optional.empty(), Optional.of(server))).isTrue();

        assertThat(mlflow.loggedModels(experimentId)).extracting(MlflowRest.LoggedModel::modelId)
                .containsExactly(model.modelId());
        assertThat(mlflow.outputModelIds(run.runId())).containsExactly(model.modelId());
        assertThat(mlflow.modelVersion("mean-bars-synced", "1")).isPresent();
        assertThat(mlflow.modelVersion("mean-bars-synced", "2")).isEmpty();
    }

    @Test
    void aServerWithoutLoggedModelsGetsTheMlmodelFileAndRegistersFromTheRunsArtifacts(URI server, MlflowRest mlflow)
            throws IOException {
        RunResult result;
        URI proxied;
        try (Mlflow2Proxy mlflow2 = new Mlflow2Proxy(server);
                Tracker tracker = LocalMlflow.open(Optional.of(mlflow2.uri()), workDir, Map.of(), QUICK,
                        messages::add)) {
            proxied = mlflow2.uri();
            result = GenLabFixture.create().run(tracker, TestPlugin.SPEC.formatted("logged-model-mlflow2"),
                    "tracking.registerAs=mean-bars-mlflow2");
        }

        String experimentId = mlflow.experimentByName("logged-model-mlflow2").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).stream().collect(onlyOne());
        assertThat(run.runId()).isEqualTo(result.runId());
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(mlflow.loggedModels(experimentId)).isEmpty();
        assertThat(mlflow.artifactFilesRecursively(run.runId(), "model"))
                .containsExactlyInAnyOrder("model/MLmodel", "model/mean.bin", "model/spec.yaml");
        JsonNode description = YAML.readTree(mlflow.download(run.runId(), "model/MLmodel"));
        assertThat(description.path("artifact_path").asText()).isEqualTo("model");
        assertThat(description.path("run_id").asText()).isEqualTo(run.runId());
        assertThat(description.has("model_id")).isFalse();
        assertThat(description.path("model_uuid").asText()).matches("[0-9a-f]{32}");
        assertThat(description.path("flavors").path("genlab").path("model_type").asText()).isEqualTo("mean-image");
        assertThat(messages).filteredOn(message -> message.contains("has no logged models")).singleElement()
                .isEqualTo("MLflow at " + proxied + " has no logged models (it is older than MLflow 3): the model of run " + run.runId()
                        + " is in its artifacts under model/, with its MLmodel file");
        assertThat(mlflow.modelVersion("mean-bars-mlflow2", "1")).hasValueSatisfying(version -> {
            assertThat(version.source()).isEqualTo(run.artifactUri() + "/model");
            assertThat(version.runId()).isEqualTo(run.runId());
        });
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
