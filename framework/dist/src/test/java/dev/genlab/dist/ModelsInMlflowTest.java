package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick-start experiment's model in MLflow through the genlab command: a logged model of the run with its
 * MLmodel file, registered by the spec and by {@code genlab register}, and turned into images by {@code genlab
 * sample} from {@code runs:/} and {@code models:/} URIs; and the one-line errors when there is no such model.
 */
@WithMlflowServer
class ModelsInMlflowTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void aRunsModelIsALoggedModelThatIsRegisteredAndSampledFromMlflow(URI server, MlflowRest mlflow,
            @TempDir Path output) throws IOException {
        Cli trained = Cli.run("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=models-in-mlflow",
                "--set", "dataset.trainSubset=500",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=1",
                "--set", "tracking.scoreSamples=0",
                "--set", "tracking.registerAs=ae-quick-by-spec",
                "--set", "tracking.uri=" + server);
        assertThat(trained.status()).as(trained.err()).isZero();
        String experimentId = mlflow.experimentByName("models-in-mlflow").orElseThrow().experimentId();
        MlflowRest.Run run = onlyOne(mlflow.searchRuns(experimentId));
        assertThat(trained.err()).contains("Model saved with the run (artifacts under model/, an MLflow model: runs:/"
                + run.runId() + "/model)", "Registered ae-quick-by-spec version 1");

        MlflowRest.LoggedModel model = onlyOne(mlflow.loggedModels(experimentId));
        assertThat(model.name()).isEqualTo("model");
        assertThat(model.status()).isEqualTo("LOGGED_MODEL_READY");
        assertThat(model.modelType()).isEqualTo("ae");
        assertThat(model.sourceRunId()).isEqualTo(run.runId());
        assertThat(model.params()).isEqualTo(run.params());
        assertThat(mlflow.outputModelIds(run.runId())).containsExactly(model.modelId());
        assertThat(mlflow.loggedModelFiles(model.modelId())).containsExactlyInAnyOrder("MLmodel", "model.zip",
                "spec.yaml");
        String mlmodel = new String(mlflow.download(run.runId(), "model/MLmodel"), StandardCharsets.UTF_8);
        assertThat(mlmodel).contains("flavors:\n  genlab:\n", "    model_type: \"ae\"\n", "    dataset: \"mnist\"\n",
                "run_id: \"" + run.runId() + "\"", "model_id: \"" + model.modelId() + "\"");
        assertThat(mlflow.modelVersion("ae-quick-by-spec", "1")).hasValueSatisfying(version ->
                assertThat(version.source()).isEqualTo("models:/" + model.modelId()));

        String runModel = "runs:/" + run.runId() + "/model";
        Cli registered = Cli.run("register", runModel, "--name", "ae-quick-by-cli", "--tracking-uri", server.toString());
        assertThat(registered.status()).as(registered.err()).isZero();
        assertThat(registered.out()).isEqualTo("Registered ae-quick-by-cli version 1\n");
        Cli again = Cli.run("register", runModel, "--name", "ae-quick-by-cli", "--tracking-uri", server.toString());
        assertThat(again.out()).isEqualTo("Registered ae-quick-by-cli version 2\n");
        assertThat(mlflow.modelVersion("ae-quick-by-cli", "2")).hasValueSatisfying(version -> {
            assertThat(version.source()).isEqualTo("models:/" + model.modelId());
            assertThat(version.runId()).isEqualTo(run.runId());
        });

        byte[] fromRun = sample(output.resolve("run.png"), runModel, server);
        byte[] fromVersion = sample(output.resolve("version.png"), "models:/ae-quick-by-cli/1", server);
        byte[] fromLatest = sample(output.resolve("latest.png"), "models:/ae-quick-by-spec/latest", server);
        assertThat(Arrays.copyOf(fromRun, 4)).isEqualTo(PNG_MAGIC);
        // one model, three names: the same reconstructions of the same test images
        assertThat(fromVersion).isEqualTo(fromRun);
        assertThat(fromLatest).isEqualTo(fromRun);
    }

    @Test
    void aModelThatIsNotThereIsAOneLineErrorNamingItsUri(URI server, @TempDir Path output) {
        String uri = server.toString();
        assertError(Cli.run("sample", "runs:/0123456789abcdef0123456789abcdef/model", "--tracking-uri", uri,
                "--out", output.resolve("x.png").toString()), "No run 0123456789abcdef0123456789abcdef at " + uri
                + " (runs:/0123456789abcdef0123456789abcdef/model)");
        assertError(Cli.run("sample", "models:/no-such-model/3", "--tracking-uri", uri), "No version 3 of registered"
                + " model 'no-such-model' at " + uri + " (models:/no-such-model/3)");
        assertError(Cli.run("sample", "models:/no-such-model/latest", "--tracking-uri", uri), "Registered model"
                + " 'no-such-model' at " + uri + " has no versions (models:/no-such-model/latest)");
        assertError(Cli.run("register", "runs:/0123456789abcdef0123456789abcdef/model", "--name", "x",
                "--tracking-uri", uri), "No run 0123456789abcdef0123456789abcdef at " + uri
                + " (runs:/0123456789abcdef0123456789abcdef/model)");

        // a run that failed before it had a model
        Cli failed = Cli.run("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=models-in-mlflow-failed",
                "--set", "dataset.dataDir=/nonexistent/mnist",
                "--set", "dataset.download=false",
                "--set", "tracking.uri=" + uri);
        assertThat(failed.status()).isEqualTo(1);
        String runId = new MlflowRest(server).searchRuns(new MlflowRest(server).experimentByName(
                "models-in-mlflow-failed").orElseThrow().experimentId()).get(0).runId();
        assertError(Cli.run("sample", "runs:/" + runId + "/model", "--tracking-uri", uri), "runs:/" + runId
                + "/model at " + uri + " holds no model: nothing is under model/ in the artifacts of run " + runId
                + " (was it trained with tracking.saveModel: false, or is it still being sent?)");
        assertError(Cli.run("register", "runs:/" + runId + "/model", "--name", "x", "--tracking-uri", uri), "Run "
                + runId + " at " + uri + " has no model at model: neither a logged model called 'model' nor"
                + " model/MLmodel in its artifacts (runs:/" + runId + "/model)");

        Cli down = Cli.run("sample", "runs:/" + runId + "/model", "--tracking-uri", "http://127.0.0.1:9");
        assertThat(down.status()).isEqualTo(2);
        assertThat(down.err().lines().filter(line -> !line.startsWith("Downloading ")))
                .singleElement().asString().startsWith("error [config]: runs:/" + runId + "/model: Cannot reach the"
                        + " MLflow tracking server at http://127.0.0.1:9 to look up run " + runId);
        assertError(Cli.runIn(output, "sample", "runs:/" + runId + "/model"), "No MLflow store in " + output
                + " (it has no mlflow.db): run this where the runs were made, or name their server with"
                + " --tracking-uri http://host:port or MLFLOW_TRACKING_URI");
        assertError(Cli.run("sample", "models:/no-version", "--tracking-uri", uri), "'models:/no-version' is not a"
                + " model URI: use runs:/<run id>/model, models:/<name>/<version> or models:/<name>/latest");
        assertError(Cli.run("register", runModelOf(runId), "--name", "a/b", "--tracking-uri", uri), "--name: 'a/b'"
                + " cannot be a registered model's name: MLflow's names cannot contain '/' or ':'");
    }

    private static String runModelOf(String runId) {
        return "runs:/" + runId + "/model";
    }

    private static byte[] sample(Path out, String model, URI server) throws IOException {
        Cli sampled = Cli.run("sample", model, "--count", "16", "--out", out.toString(), "--tracking-uri",
                server.toString());
        assertThat(sampled.status()).as(sampled.err()).isZero();
        assertThat(sampled.err()).contains("Downloading " + model + " from " + server,
                "Wrote 16 images of 1x28x28 from model 'ae' to " + out);
        return Files.readAllBytes(out);
    }

    /**
     * Exit status 2 and the message on one line, after at most the line that said what was being downloaded (the
     * usage text may follow a usage error).
     */
    private static void assertError(Cli cli, String message) {
        assertThat(cli.status()).as(cli.err()).isEqualTo(2);
        List<String> lines = cli.err().lines().filter(line -> !line.startsWith("Downloading ")).toList();
        assertThat(lines.get(0)).isEqualTo("error [config]: " + message);
        if (!cli.err().contains("Usage: genlab")) {
            assertThat(lines).hasSize(1);
        }
    }

    private static <T> T onlyOne(List<T> list) {
        assertThat(list).as(list.stream().map(String::valueOf).collect(Collectors.joining("\n"))).hasSize(1);
        return list.get(0);
    }
}
