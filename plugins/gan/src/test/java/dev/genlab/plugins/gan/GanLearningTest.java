package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference DCGAN's layers, narrowed (generator 16-8-4 channels, discriminator 8-32-32 filters) and at batch
 * 32 so that it trains in a test, run through the real runner on real MNIST.
 */
class GanLearningTest {
    // pixel statistics within these distances of the test images' count as learnt
    private static final double MEAN_BAND = 0.05;
    private static final double STD_BAND = 0.12;
    private static final double MEAN_IMAGE_MSE_BOUND = 0.01;

    private final GenLabFixture genlab = GenLabFixture.create();

    private RecordedRun run(int iterations, double learningRate, int imageEvery) {
        return genlab.run("""
                experiment: gan-learning
                seed: 42
                dataset:
                  type: mnist
                  trainSubset: 5000
                  testSubset: 500
                model:
                  type: gan
                  generatorFilters: 16
                  discriminatorFilters: 8
                training:
                  iterations: %d
                  batchSize: 32
                  optimizer:
                    name: adam
                    learningRate: %s
                tracking:
                  uri: none
                  logEvery: 10
                  imageEvery: %d
                """.formatted(iterations, learningRate, imageEvery));
    }

    @Test
    void samplesTakeOnThePixelStatisticsOfMnist() {
        Map<String, Double> metrics = run(300, 4e-4, 100).testMetrics();

        assertThat(metrics.get("sample_mean")).isCloseTo(metrics.get("data_mean"), within(MEAN_BAND));
        assertThat(metrics.get("sample_std")).isCloseTo(metrics.get("data_std"), within(STD_BAND));
        assertThat(metrics.get("mean_image_mse")).isLessThan(MEAN_IMAGE_MSE_BOUND);

        RecordedRun recorded = genlab.lastRun();
        assertThat(recorded.status()).contains("FINISHED");
        assertThat(recorded.metrics("train/d_loss")).hasSize(30);
        assertThat(recorded.metrics("train/g_loss")).hasSize(30);
        assertThat(recorded.metricKeys()).contains("train/d_acc_real", "train/d_acc_fake", "train/loss",
                "test/d_acc_real", "test/d_acc_fake");
        // the untrained generator's grid at step 0; 300 is a multiple of imageEvery, so no extra grid at the end
        assertThat(recorded.images("samples")).extracting(RecordedRun.Image::step)
                .containsExactly(0L, 100L, 200L, 300L);
        // quality scores at the same steps: the trained generator's images are closer to MNIST than the untrained
        List<Double> fd = recorded.values("score/fd");
        assertThat(fd).hasSize(4);
        assertThat(fd.get(3)).isLessThan(fd.get(0));
        assertThat(recorded.images("samples")).allSatisfy(image -> assertThat(image.image().getWidth())
                .isEqualTo(2 + 8 * (2 + 28 * 2)));
        assertThat(recorded.images("real_vs_generated")).hasSize(1);
    }

    @Test
    void untrainedGeneratorIsFarFromTheData() {
        // the same run with a learning rate too small to move the weights: the bounds above need learning
        Map<String, Double> metrics = run(30, 1e-9, 20).testMetrics();

        assertThat(Math.abs(metrics.get("sample_mean") - metrics.get("data_mean"))).isGreaterThan(MEAN_BAND);
        assertThat(Math.abs(metrics.get("sample_std") - metrics.get("data_std"))).isGreaterThan(STD_BAND);
        assertThat(metrics.get("mean_image_mse")).isGreaterThan(MEAN_IMAGE_MSE_BOUND);
        // progress grids at step 0, every imageEvery steps, and one at the last step
        assertThat(genlab.lastRun().images("samples")).extracting(RecordedRun.Image::step)
                .containsExactly(0L, 20L, 30L);
    }
}
