package dev.genlab.tracking.mlflow;

import dev.genlab.core.testplugin.TestPlugin;
import dev.genlab.testing.GenLabFixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.core.run.RunResult;
import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.tracking.rest.MlflowCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run tells MLflow about where it came from: system tags as the Python client sets them, and its dataset. */
@WithMlflowServer
class RunMetadataTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    @TempDir
    Path workDir;

    @Test
    void theRunCarriesItsSourceEnvironmentAndDatasetInput(URI server, MlflowRest mlflow) throws Exception {
        RunResult result;
        try (MlflowTracker tracker = new MlflowTracker(server, MlflowCredentials.NONE, workDir, DeliverySettings.DEFAULTS,
                messages::add)) {
            result = GenLabFixture.create().run(tracker, TestPlugin.SPEC.formatted("run-metadata"));
        }

        MlflowRest.Run run = mlflow.run(result.runId());
        assertThat(run.tags())
                .containsEntry("mlflow.user", System.getProperty("user.name"))
                .containsEntry("mlflow.source.name", "spec.yaml")
                .containsEntry("mlflow.source.type", "LOCAL")
                .containsEntry("genlab.nd4j.backend", "CpuBackend")
                .containsEntry("genlab.nd4j.version", "1.0.0-M2.1")
                .containsEntry("genlab.host.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(run.tags().get("genlab.version")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(run.tags().get("genlab.host.cpu")).isNotBlank();
        assertThat(run.tags().get("genlab.jvm.max_heap")).matches("\\d+\\.\\d GiB");
        Optional<String> commit = gitHead();
        if (commit.isPresent()) {
            assertThat(run.tags()).containsEntry("mlflow.source.git.commit", commit.get());
        } else {
            assertThat(run.tags()).doesNotContainKey("mlflow.source.git.commit");
        }

        assertThat(run.datasetInputs()).singleElement().satisfies(input -> {
            assertThat(input.name()).isEqualTo("bars");
            assertThat(input.digest()).isEqualTo("seed-7");
            assertThat(input.sourceType()).isEqualTo("code");
            assertThat(json(input.source()).path("tags").path("genlab.source").asText()).isEqualTo("generated");
            JsonNode schema = json(input.schema()).path("mlflow_tensorspec");
            assertThat(json(schema.path("features").asText()).get(0).path("tensor-spec").toString())
                    .isEqualTo("{\"dtype\":\"float32\",\"shape\":[-1,64]}");
            assertThat(json(schema.path("targets").asText()).get(0).path("tensor-spec").path("dtype").asText())
                    .isEqualTo("int32");
            JsonNode profile = json(input.profile());
            assertThat(profile.path("features_shape").toString()).isEqualTo("[256,64]");
            assertThat(profile.path("test_rows").asInt()).isEqualTo(64);
            assertThat(input.tags()).containsEntry("mlflow.data.context", "training");
        });
    }

    /** The commit as git itself sees it, from the directory the tests run in; empty outside a checkout. */
    private static Optional<String> gitHead() throws IOException, InterruptedException {
        Process git;
        try {
            git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean done = git.waitFor(30, TimeUnit.SECONDS);
        return done && git.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
