package dev.genlab.plugins.ae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.evaluation.LinearProbe;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference autoencoder, trained through the real runner on real MNIST images. */
class AeLearningTest {
    private final GenLabFixture genlab = GenLabFixture.create();

    private RecordedRun run(String spec) {
        return genlab.run(spec);
    }

    @Test
    void learnsToReconstructMnistBetterThanTheMeanImage() {
        RecordedRun result = run("""
                experiment: ae-learning
                seed: 42
                dataset:
                  type: mnist
                  trainSubset: 5000
                model:
                  type: ae
                  hiddenSizes: [32]
                training:
                  epochs: 3
                  batchSize: 32
                  optimizer:
                    name: adam
                    learningRate: 1e-3
                tracking:
                  uri: none
                  logEvery: 10
                """);

        // PyTorch with this setup reaches 0.039; predicting the mean image gives 0.0676
        assertThat(result.testMetrics().get("mse_mean_image")).isCloseTo(0.0676, within(0.0005));
        assertThat(result.testMetrics().get("mse")).isLessThanOrEqualTo(0.045);
        // about 13.5 dB at that error
        assertThat(result.testMetrics().get("psnr")).isCloseTo(-10 * Math.log10(result.testMetrics().get("mse")),
                within(1e-9));
        // cross-entropy per pixel, logged beside the MSE: well under ln 2 (grey 0.5 everywhere), above 0
        assertThat(result.testMetrics().get("bce")).isBetween(0.05, 0.3);

        RecordedRun recorded = genlab.lastRun();
        assertThat(recorded.status()).contains("FINISHED");
        List<RecordedRun.Point> testMse = recorded.metrics("test/mse");
        assertThat(testMse).hasSize(3);
        assertThat(testMse.get(2).value()).isLessThan(testMse.get(0).value());
        assertThat(recorded.images("reconstructions")).singleElement()
                .satisfies(image -> assertThat(image.image().getHeight()).isGreaterThan(2 * 28 * 2));

        // the 32 codes of 5,000 training images separate the digits linearly far above chance (0.1)
        assertThat(recorded.metrics(LinearProbe.METRIC)).singleElement().satisfies(point -> {
            assertThat(point.step()).isEqualTo(testMse.get(2).step());
            assertThat(point.value()).isGreaterThan(0.75).isLessThanOrEqualTo(1.0)
                    .isEqualTo(result.testMetrics().get(LinearProbe.METRIC));
        });
        assertThat(recorded.metrics("test/" + LinearProbe.METRIC)).as("a score, not a test metric").isEmpty();
        assertThat(genlab.console()).containsPattern("\\n  score/linear_probe_accuracy = 0\\.\\d{5}\\n");
    }

    @Test
    void untrainedNetworkDoesNotBeatTheMeanImage() {
        // the same run with a learning rate too small to move the weights: proves the bound above needs learning
        RecordedRun result = run("""
                experiment: ae-learning
                dataset:
                  type: mnist
                  trainSubset: 320
                  testSubset: 2000
                model: ae
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
