package dev.genlab.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.MlflowRest;
import dev.genlab.testing.SharedDatasets;
import dev.genlab.testing.WithMlflowServer;
import dev.genlab.mlflow.server.MlflowServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick-start experiment, shrunk to 2,000 images and one epoch, run through the genlab command into
 * a real MLflow server and read back through its REST API.
 */
@WithMlflowServer
class TrackedRunTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void theRunAppearsInMlflowWithItsParametersMetricsAndArtifacts(URI server, MlflowRest mlflow) {
        Cli cli = Cli.run("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=tracked-run-test",
                "--set", "dataset.trainSubset=2000",
                "--set", "dataset.testSubset=1000",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=1",
                "--set", "tracking.systemMetricsEvery=1",
                "--set", "tracking.uri=" + server);
        assertThat(cli.status()).as(cli.err()).isZero();

        String experimentId = mlflow.experimentByName("tracked-run-test").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).stream().collect(onlyOne());
        assertThat(run.runName()).isEqualTo("ae-mnist-quick");
        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.params())
                // the hyper-parameters the spec chose (ae's defaults are the reference 784-32-784, Adam 1e-3)
                .containsOnlyKeys("seed", "dataset.type", "dataset.trainSubset", "dataset.testSubset",
                        "model.type", "training.epochs", "training.batchSize")
                .containsEntry("model.type", "ae")
                .containsEntry("dataset.trainSubset", "2000")
                .containsEntry("training.epochs", "1");
        assertThat(run.tags()).containsEntry("mlflow.runName", "ae-mnist-quick")
                .containsEntry("genlab.setting.tracking.logEvery", "10")
                .containsKey("genlab.setting.dataset.mirrors")
                .containsKey("genlab.dataset.digest");

        // 2,000 images at batch 32: 63 steps, the loss logged every 10th
        List<MlflowRest.Metric> loss = mlflow.metricHistory(run.runId(), "train/loss");
        assertThat(loss).extracting(MlflowRest.Metric::step).containsExactly(10L, 20L, 30L, 40L, 50L, 60L);
        assertThat(loss.get(loss.size() - 1).value()).isLessThan(loss.get(0).value());
        assertThat(mlflow.metricHistory(run.runId(), "test/mse")).singleElement()
                .satisfies(metric -> assertThat(metric.step()).isEqualTo(63L));
        assertThat(run.metrics()).containsKeys("train/epoch_loss", "test/mse_mean_image", "images_per_second");

        String spec = new String(mlflow.download(run.runId(), "spec.yaml"), StandardCharsets.UTF_8);
        assertThat(spec).contains("experiment: tracked-run-test", "type: ae", "trainSubset: 2000");
        List<String> files = mlflow.artifactFilesRecursively(run.runId(), "");
        // the final evaluation's images belong at the last step, where the MLflow step slider ends
        String image = files.stream().filter(path -> path.startsWith("images/reconstructions+step+63+")
                && path.endsWith(".png")).findFirst().orElseThrow(() -> new AssertionError("no PNG in " + files));
        byte[] png = mlflow.download(run.runId(), image);
        assertThat(Arrays.copyOf(png, 4)).isEqualTo(PNG_MAGIC);
        // and at step 0, before training, so the step slider starts on a picture (imageEvery is set in the spec)
        assertThat(files).anyMatch(path -> path.startsWith("images/reconstructions+step+0+"));
        // quality scores at the same steps: the untrained model's, then the trained one's, which look more real
        List<MlflowRest.Metric> fd = mlflow.metricHistory(run.runId(), "score/fd");
        assertThat(fd).extracting(MlflowRest.Metric::step).containsExactly(0L, 63L);
        assertThat(fd.get(1).value()).isLessThan(fd.get(0).value());
        assertThat(run.metrics()).containsKeys("score/precision", "score/recall", "score/classes_covered",
                "score/classifier_accuracy", "test/psnr");
        // the System metrics tab: MLflow's own names, sampled every second while the run trained
        assertThat(run.metrics()).containsKeys("system/cpu_utilization_percentage",
                "system/system_memory_usage_megabytes", "system/disk_usage_percentage",
                "system/process_resident_megabytes", "system/jvm_heap_used_megabytes");
        assertThat(mlflow.metricHistory(run.runId(), "system/cpu_utilization_percentage"))
                .extracting(MlflowRest.Metric::step).startsWith(0L);
        assertThat(cli.err()).contains("Run 'ae-mnist-quick' (" + run.runId() + "): ", "Run finished");
        assertThat(files).contains("model/model.zip");
    }

    @Test
    void aSavedRunTurnsIntoImagesWithGenlabSample(URI server, MlflowRest mlflow, MlflowServer store,
            @TempDir Path output) throws IOException {
        Cli trained = Cli.run("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=sample-test",
                "--set", "dataset.trainSubset=500",
                "--set", "dataset.dataDir=" + SharedDatasets.mnist(),
                "--set", "training.epochs=1",
                "--set", "tracking.uri=" + server);
        assertThat(trained.status()).as(trained.err()).isZero();
        String experimentId = mlflow.experimentByName("sample-test").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).stream().collect(onlyOne());
        Path artifacts = store.workDir().resolve("mlartifacts").resolve(experimentId).resolve(run.runId())
                .resolve("artifacts");

        Cli grid = Cli.run("sample", artifacts.toString(), "--count", "16", "--out",
                output.resolve("grid.png").toString());
        assertThat(grid.status()).as(grid.err()).isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(output.resolve("grid.png")), 4)).isEqualTo(PNG_MAGIC);

        Path idx = output.resolve("reconstructions-idx3-ubyte");
        Cli file = Cli.run("sample", artifacts.toString(), "--count", "10", "--out", idx.toString());
        assertThat(file.status()).as(file.err()).isZero();
        assertThat(file.err()).contains("Wrote 10 images of 1x28x28 from model 'ae'");
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(idx));
        assertThat(header.getInt()).isEqualTo(0x0803);
        assertThat(header.getInt()).isEqualTo(10);
        assertThat(header.getInt()).isEqualTo(28);
        assertThat(header.getInt()).isEqualTo(28);
        assertThat(header.remaining()).isEqualTo(10 * 28 * 28);

        Cli tooMany = Cli.run("sample", artifacts.toString(), "--count", "10001", "--out",
                output.resolve("too-many-idx3-ubyte").toString());
        assertThat(tooMany.status()).isEqualTo(2);
        assertThat(tooMany.err()).isEqualTo("error [config]: --count 10,001: model 'ae' makes reconstructions of test"
                + " images, and the run's test split of mnist holds 10,000: ask for at most that many\n");
        assertThat(output.resolve("too-many-idx3-ubyte")).doesNotExist();

        // more than one chunk: the reconstructions go on through the test split rather than starting over
        Path export = output.resolve("export-idx3-ubyte.gz");
        Cli large = Cli.run("sample", artifacts.toString(), "--count", "2500", "--out", export.toString());
        assertThat(large.status()).as(large.err()).isZero();
        assertThat(large.err()).contains("sample [", "2,500/2,500 images", "Wrote 2,500 images");
        byte[] images;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(export))) {
            images = in.readAllBytes();
        }
        assertThat(ByteBuffer.wrap(images, 4, 4).getInt()).isEqualTo(2500);
        assertThat(images).hasSize(16 + 2500 * 784);
        assertThat(Arrays.copyOfRange(images, 16 + 1000 * 784, 16 + 1001 * 784))
                .isNotEqualTo(Arrays.copyOfRange(images, 16, 16 + 784));
        assertThat(Arrays.copyOfRange(images, 16, 16 + 10 * 784))
                .isEqualTo(Arrays.copyOfRange(Files.readAllBytes(idx), 16, 16 + 10 * 784));

        Cli notARun = Cli.run("sample", output.toString());
        assertThat(notARun.status()).isEqualTo(2);
        assertThat(notARun.err()).contains("is not a saved run: it needs spec.yaml and model/");
    }

    @Test
    void aRunThatFailsIsMarkedFailedWithItsReasonAndKeepsWhatWasLogged(URI server, MlflowRest mlflow) {
        Cli cli = Cli.run("run", Cli.repository().resolve("experiments/ae-mnist-quick.yaml").toString(),
                "--set", "experiment=failed-run-test",
                "--set", "dataset.dataDir=/nonexistent/mnist",
                "--set", "dataset.download=false",
                "--set", "tracking.uri=" + server);

        assertThat(cli.status()).isEqualTo(1);
        assertThat(cli.err()).contains("error [data]: ", "/nonexistent/mnist");
        String experimentId = mlflow.experimentByName("failed-run-test").orElseThrow().experimentId();
        MlflowRest.Run run = mlflow.searchRuns(experimentId).stream().collect(onlyOne());
        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.tags().get("genlab.failure")).contains("/nonexistent/mnist", "download is off");
        assertThat(run.tags()).containsEntry("genlab.failure.category", "data");
        assertThat(run.params()).containsEntry("model.type", "ae");
        assertThat(new String(mlflow.download(run.runId(), "spec.yaml"), StandardCharsets.UTF_8))
                .contains("experiment: failed-run-test");
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
