package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genlab.api.Dataset;
import dev.genlab.api.GenLabException;
import dev.genlab.api.Split;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An autoencoder trained on real MNIST images mixed with synthetic ones, bound and run as {@code genlab run} does,
 * and the spec errors such a dataset can make, each with its line.
 */
class SyntheticTrainingTest {
    private static final int SYNTHETIC = 400;

    @TempDir
    static Path directory;
    private static Path images;
    private final GenLabFixture genlab = GenLabFixture.create();

    /**
     * Stand-ins for a generative model's images: MNIST training images shifted one pixel right, with their
     * labels, written as {@code genlab sample --labels} writes them (IDX, unsigned bytes, gzip).
     */
    @BeforeAll
    static void writeSyntheticImages() throws IOException {
        Dataset mnist = GenLabFixture.create().spec("""
                experiment: synthetic-source
                dataset: {type: mnist, trainSubset: %d, testSubset: 1}
                model: ae
                training: {epochs: 1}
                """.formatted(SYNTHETIC)).dataset();
        Split source = mnist.train();
        float[] pixels = source.features().data().asFloat();
        images = directory.resolve("cgan/train-images-idx3-ubyte.gz");
        Files.createDirectories(images.getParent());
        try (DataOutputStream out = gzip(images)) {
            out.writeInt(0x0803);
            out.writeInt(SYNTHETIC);
            out.writeInt(28);
            out.writeInt(28);
            for (int image = 0; image < SYNTHETIC; image++) {
                for (int row = 0; row < 28; row++) {
                    for (int column = 0; column < 28; column++) {
                        float value = column == 0 ? 0 : pixels[image * 784 + row * 28 + column - 1];
                        out.writeByte(Math.round(value * 255));
                    }
                }
            }
        }
        try (DataOutputStream out = gzip(images.resolveSibling("train-labels-idx1-ubyte.gz"))) {
            out.writeInt(0x0801);
            out.writeInt(SYNTHETIC);
            for (int label : source.labels()) {
                out.writeByte(label);
            }
        }
    }

    @Test
    void trainsOnRealAndSyntheticImagesAndTestsOnTheRealTestSplit() {
        RecordedRun result = genlab.run("""
                experiment: synthetic-mix
                seed: 42
                dataset:
                  type: mnist
                  testSubset: 500
                  synthetic: %s
                  mix: {real: 500, synthetic: 300}
                model: {type: ae, hiddenSizes: [32]}
                training: {epochs: 2, batchSize: 32, threads: 1}
                tracking: {uri: none, scoreSamples: 0}
                """.formatted(images));

        RecordedRun run = genlab.lastRun();
        assertThat(run.status()).contains("FINISHED");
        assertThat(genlab.console()).contains("Training on 500 real images (classes balanced, drawn with seed 42) and"
                + " 300 synthetic ones from " + images + " (300 of 400, classes balanced)")
                .contains("Dataset mnist+synthetic: 800 training and 500 test images");
        assertThat(run.params()).containsEntry("dataset.synthetic", images.toString())
                .containsEntry("dataset.mix", "{\"real\":500,\"synthetic\":300}");
        List<RecordedRun.Point> testMse = run.metrics("test/mse");
        assertThat(testMse).hasSize(2);
        assertThat(testMse.get(1).value()).isLessThan(testMse.get(0).value());
        assertThat(result.testMetrics()).containsKeys("mse", "score/linear_probe_accuracy");
    }

    @Test
    void problemsOfTheSyntheticFilesAreReportedWithTheirLines() {
        Path missing = directory.resolve("nowhere/train-images-idx3-ubyte.gz");

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> genlab.bind("""
                experiment: synthetic-errors
                dataset:
                  type: mnist
                  synthetic: %s
                model: ae
                training: {epochs: 1}
                """.formatted(missing))).satisfies(e -> assertThat(e.problems())
                .containsExactly("dataset.synthetic: " + missing + " does not exist (line 4)"));

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> genlab.bind("""
                experiment: synthetic-errors
                dataset:
                  type: mnist
                  synthetic: %s
                  mix:
                    real: 100
                    synthetic: 401
                model: ae
                training: {epochs: 1}
                """.formatted(images))).satisfies(e -> assertThat(e.problems())
                .containsExactly("dataset.mix.synthetic: asks for 401 synthetic images but " + images
                        + " holds 400 (line 7)"));

        assertThatExceptionOfType(GenLabException.class).isThrownBy(() -> genlab.bind("""
                experiment: synthetic-errors
                dataset:
                  type: mnist
                  mix: {real: 100}
                model: ae
                training: {epochs: 1}
                """)).satisfies(e -> assertThat(e.problems()).containsExactly("dataset.mix: mixes real and synthetic"
                + " training images, but synthetic (the file of generated images) is not set (line 4)"));
    }

    private static DataOutputStream gzip(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(new GZIPOutputStream(out));
    }
}
