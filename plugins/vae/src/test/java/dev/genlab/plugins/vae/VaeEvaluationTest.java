package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.Batch;
import dev.genlab.api.Dataset;
import dev.genlab.evaluation.LinearProbe;
import dev.genlab.testing.GenLabFixture;
import dev.genlab.testing.RecordedRun;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the final evaluation logs: metrics, the four figures and the per-image errors. */
class VaeEvaluationTest {
    private static final int CELL = 2 + 28 * Figures.SCALE;

    private static Dataset data;
    private static VaeModel model;
    private static RecordedRun run;
    private static Map<String, Double> metrics;

    @BeforeAll
    static void evaluateBrieflyTrainedModel() {
        data = TestData.small();
        model = TestData.create(VaeParameters.DEFAULTS);
        for (Batch batch : data.train().batches(32)) {
            model.fit(batch);
        }
        run = GenLabFixture.log("evaluation");
        model.logProgress(run, 2);
        metrics = model.evaluate(data, run, 1);
    }

    @Test
    void reportsTheTestMetricsAndTheMeanImageBaseline() {
        assertThat(metrics).containsOnlyKeys("loss", "reconstruction", "kl", "mse", "elbo", "psnr", "mse_mean_image",
                "nll", LinearProbe.METRIC);
        assertThat(metrics.get("loss")).isCloseTo(metrics.get("reconstruction") + metrics.get("kl"), within(1e-9));
        // the ELBO in nats includes the unit Gaussian's constant, 784/2 ln(2 pi) an image
        assertThat(metrics.get("elbo")).isCloseTo(-(metrics.get("loss") + 392 * Math.log(2 * Math.PI)),
                within(1e-6));
        assertThat(metrics.get("psnr")).isCloseTo(-10 * Math.log10(metrics.get("mse")), within(1e-9));
        // importance sampling estimates the likelihood the ELBO bounds: near it for a barely trained model (how much
        // more samples tighten it is ImportanceSamplingTest's)
        assertThat(metrics.get("nll")).isCloseTo(-metrics.get("elbo"), within(0.01 * -metrics.get("elbo")));
        assertThat(metrics.get("mse_mean_image")).isCloseTo(meanImageMse(), within(1e-12));
        assertThat(metrics).isEqualTo(withBaseline(model.validate(data.test())));
    }

    @Test
    void probesThePosteriorMeansOfTheTrainingImagesOnTheTestImages() {
        // 64 training and 40 test images, ten classes: well above chance (0.1) even for a barely trained encoder
        assertThat(metrics.get(LinearProbe.METRIC)).isGreaterThan(0.25)
                .isEqualTo(LinearProbe.accuracy(model.network()::encode, data, 42));
    }

    @Test
    void logsSamplesReconstructionsInterpolationAndHistogram() {
        assertThat(run.images("samples")).singleElement().satisfies(image -> {
            assertThat(image.step()).isEqualTo(2);
            assertThat(image.image().getWidth()).isEqualTo(2 + 8 * CELL);
            assertThat(image.image().getHeight()).isEqualTo(2 + 8 * CELL);
        });
        assertThat(run.images("reconstructions")).singleElement().satisfies(image -> {
            assertThat(image.image().getWidth()).isEqualTo(2 + Figures.RECONSTRUCTED * CELL);
            assertThat(image.image().getHeight()).isEqualTo(2 + 2 * CELL);
        });
        assertThat(run.images("interpolation")).singleElement().satisfies(image -> {
            assertThat(image.image().getWidth()).isEqualTo(2 + (Figures.STEPS + 2) * CELL);
            assertThat(image.image().getHeight()).isEqualTo(2 + Figures.PAIRS * CELL);
        });
        assertThat(run.images("error_histogram")).singleElement().satisfies(image -> {
            assertThat(image.image().getWidth()).isEqualTo(ErrorHistogram.WIDTH);
            assertThat(image.image().getHeight()).isEqualTo(ErrorHistogram.HEIGHT);
        });
    }

    @Test
    void writesEveryTestImagesErrorAsCsv() {
        String csv = new String(run.artifact("reconstruction_errors.csv").orElseThrow(), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();

        assertThat(lines).hasSize(1 + data.test().size());
        assertThat(lines.get(0)).isEqualTo("image,label,squared_error");
        assertThat(lines.get(1)).startsWith("0," + data.test().labels()[0] + ",");
        double sum = lines.stream().skip(1).mapToDouble(line -> Double.parseDouble(line.split(",")[2])).sum();
        // the mean of the per-image errors is the per-pixel MSE times the pixels of an image
        assertThat(sum / data.test().size() / 784).isCloseTo(metrics.get("mse"), within(1e-6));
    }

    @Test
    void histogramCountsEveryImageOnce() {
        double[] errors = {0, 0.4, 1.0, 2.5, 9.99, 10, 12};
        int[] counts = ErrorHistogram.counts(errors, ErrorHistogram.niceCeiling(12));

        assertThat(ErrorHistogram.niceCeiling(12)).isEqualTo(20);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(errors.length);
        assertThat(counts[0]).isEqualTo(2);
        assertThat(counts[ErrorHistogram.BINS - 1]).isZero();
    }

    private static Map<String, Double> withBaseline(Map<String, Double> validation) {
        Map<String, Double> expected = new LinkedHashMap<>(validation);
        expected.put("mse_mean_image", metrics.get("mse_mean_image"));
        expected.put("nll", metrics.get("nll"));
        expected.put(LinearProbe.METRIC, metrics.get(LinearProbe.METRIC));
        return expected;
    }

    private static double meanImageMse() {
        double[][] train = data.train().features().toDoubleMatrix();
        double[][] test = data.test().features().toDoubleMatrix();
        double[] mean = new double[784];
        for (double[] image : train) {
            for (int p = 0; p < 784; p++) {
                mean[p] += image[p] / train.length;
            }
        }
        double squared = 0;
        for (double[] image : test) {
            for (int p = 0; p < 784; p++) {
                squared += (image[p] - mean[p]) * (image[p] - mean[p]);
            }
        }
        return squared / (test.length * 784.0);
    }
}
