package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import dev.genlab.testing.BoundSpec;
import dev.genlab.testing.SharedDatasets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference VAE, trained through the real runner on real MNIST images. */
class VaeLearningTest {
    private final GenLabFixture genlab = GenLabFixture.create();

    private RecordedRun run(String spec) {
        return genlab.run(spec);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // about 3 minutes on two idle cores; the default is 5
    void learnsToReconstructMnistBetterThanTheMeanImage() {
        // A VAE first settles on the mean image (its codes start as pure noise) and leaves that plateau after
        // about 100 steps: small batches and a higher learning rate get there in a test's time. With the
        // reference settings PyTorch needs 117 steps of 128 images for 0.0605 against the mean image's 0.0676.
        RecordedRun result = run("""
                experiment: vae-learning
                seed: 42
                dataset:
                  type: mnist
                  trainSubset: 2000
                  testSubset: 500
                model:
                  type: vae
                training:
                  epochs: 3
                  batchSize: 32
                  optimizer:
                    name: adam
                    learningRate: 5e-3
                tracking:
                  uri: none
                  logEvery: 10
                """);

        assertThat(result.testMetrics().get("mse")).isLessThan(0.9 * result.testMetrics().get("mse_mean_image"));

        RecordedRun recorded = genlab.lastRun();
        assertThat(recorded.status()).contains("FINISHED");
        List<Double> testLoss = recorded.metrics("test/loss").stream().map(RecordedRun.Point::value).toList();
        assertThat(testLoss).hasSize(3);
        assertThat(testLoss.get(1)).isLessThan(testLoss.get(0));
        assertThat(testLoss.get(2)).isLessThan(testLoss.get(1));
        assertThat(recorded.metricKeys()).contains("train/loss", "train/reconstruction", "train/kl",
                "train/epoch_loss", "test/reconstruction", "test/kl", "test/mse", "test/mse_mean_image");
        for (String key : List.of("samples", "reconstructions", "interpolation", "error_histogram")) {
            assertThat(recorded.images(key)).as(key).singleElement()
                    .satisfies(image -> assertThat(image.step()).isEqualTo(189));
        }
        assertThat(recorded.artifactPaths()).contains("reconstruction_errors.csv");
    }

    @Test
    void untrainedNetworkDoesNotBeatTheMeanImage() {
        // the same model with a learning rate too small to move the weights: the bound above needs learning
        RecordedRun result = run("""
                experiment: vae-learning
                dataset:
                  type: mnist
                  trainSubset: 64
                  testSubset: 500
                model: vae
                training:
                  epochs: 1
                  batchSize: 32
                  optimizer:
                    name: sgd
                    learningRate: 1e-9
                tracking:
                  uri: none
                """);

        assertThat(result.testMetrics().get("mse")).isGreaterThan(result.testMetrics().get("mse_mean_image"));
    }
}
