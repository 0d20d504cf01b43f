package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The graph's loss against the same quantities computed here, independently, in double precision. */
class VaeLossTest {
    private static INDArray images;
    private static INDArray eps;

    @BeforeAll
    static void tinyBatch() {
        images = TestData.images(6);
        eps = Gaussian.matrix(new Random(7), 6, 16);
    }

    @Test
    void gaussianLossIsHalfTheSummedSquaredErrorPlusTheClosedFormKl() {
        VaeNetwork network = trainedFewSteps(VaeParameters.Likelihood.GAUSSIAN);
        Map<String, INDArray> out = network.forward(images, eps, VaeGraph.LOSS, VaeGraph.RECONSTRUCTION, VaeGraph.KL,
                VaeGraph.MEAN, VaeGraph.LOG_VARIANCE, VaeGraph.OUTPUT);

        double[][] x = images.toDoubleMatrix();
        double[][] output = out.get(VaeGraph.OUTPUT).toDoubleMatrix();
        double reconstruction = 0;
        for (int i = 0; i < x.length; i++) {
            for (int p = 0; p < x[i].length; p++) {
                reconstruction += 0.5 * (output[i][p] - x[i][p]) * (output[i][p] - x[i][p]);
            }
        }
        reconstruction /= x.length;
        double kl = kl(out.get(VaeGraph.MEAN), out.get(VaeGraph.LOG_VARIANCE));

        assertThat(scalar(out, VaeGraph.RECONSTRUCTION)).isCloseTo(reconstruction, within(1e-4 * reconstruction));
        assertThat(scalar(out, VaeGraph.KL)).isCloseTo(kl, within(1e-4 * kl + 1e-6));
        assertThat(scalar(out, VaeGraph.LOSS)).isCloseTo(reconstruction + kl, within(1e-4 * (reconstruction + kl)));
        assertThat(kl).isPositive();
    }

    @Test
    void bernoulliReconstructionIsTheSummedBinaryCrossEntropy() {
        VaeNetwork network = trainedFewSteps(VaeParameters.Likelihood.BERNOULLI);
        Map<String, INDArray> out = network.forward(images, eps, VaeGraph.RECONSTRUCTION, VaeGraph.OUTPUT);

        double[][] x = images.toDoubleMatrix();
        double[][] p = out.get(VaeGraph.OUTPUT).toDoubleMatrix();
        double crossEntropy = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                crossEntropy -= x[i][j] * Math.log(p[i][j]) + (1 - x[i][j]) * Math.log(1 - p[i][j]);
            }
        }
        crossEntropy /= x.length;

        assertThat(scalar(out, VaeGraph.RECONSTRUCTION)).isCloseTo(crossEntropy, within(1e-4 * crossEntropy));
    }

    @Test
    void outputIsDecodedFromTheReparameterisedCode() {
        VaeNetwork network = trainedFewSteps(VaeParameters.Likelihood.GAUSSIAN);
        Map<String, INDArray> out = network.forward(images, eps, VaeGraph.MEAN, VaeGraph.LOG_VARIANCE,
                VaeGraph.OUTPUT);

        INDArray z = out.get(VaeGraph.MEAN).add(Transforms.exp(out.get(VaeGraph.LOG_VARIANCE).mul(0.5)).mul(eps));

        assertThat(maxDifference(network.decode(z), out.get(VaeGraph.OUTPUT))).isLessThan(1e-5);
        assertThat(maxDifference(network.reconstruct(images), network.decode(network.encode(images))))
                .isLessThan(1e-6);
    }

    @Test
    void klWeightScalesOnlyTheKlTermAndStepsReportTheLossBeforeTheirUpdate() {
        VaeNetwork network = trainedFewSteps(VaeParameters.Likelihood.GAUSSIAN);
        Map<String, INDArray> before = network.forward(images, eps, VaeGraph.RECONSTRUCTION, VaeGraph.KL);

        VaeNetwork.StepLosses step = network.fit(images, eps, 0.25);

        double reconstruction = scalar(before, VaeGraph.RECONSTRUCTION);
        double kl = scalar(before, VaeGraph.KL);
        assertThat(step.reconstruction()).isCloseTo(reconstruction, within(1e-4 * reconstruction));
        assertThat(step.kl()).isCloseTo(kl, within(1e-4 * kl + 1e-6));
        assertThat(step.loss()).isCloseTo(reconstruction + 0.25 * kl, within(1e-4 * reconstruction));
        assertThat(scalar(network.forward(images, eps, VaeGraph.RECONSTRUCTION), VaeGraph.RECONSTRUCTION))
                .isLessThan(reconstruction);
    }

    @Test
    void warmUpRaisesTheKlWeightLinearlyToBeta() {
        VaeParameters parameters = new VaeParameters(16, List.of(32, 64), VaeParameters.Likelihood.GAUSSIAN, 2, 4, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE);

        assertThat(List.of(parameters.klWeight(0), parameters.klWeight(1), parameters.klWeight(3),
                parameters.klWeight(100))).containsExactly(0.5, 1.0, 2.0, 2.0);
        assertThat(VaeParameters.DEFAULTS.klWeight(0)).isEqualTo(1.0);
    }

    /** A few steps away from the initial weights, so the means and variances are not all near zero. */
    private static VaeNetwork trainedFewSteps(VaeParameters.Likelihood likelihood) {
        VaeNetwork network = TestData.create(new VaeParameters(16, List.of(32, 64), likelihood, 1, 0, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE)).network();
        Random noise = new Random(3);
        for (int i = 0; i < 3; i++) {
            network.fit(images, Gaussian.matrix(noise, images.rows(), 16), 1);
        }
        return network;
    }

    private static double kl(INDArray mean, INDArray logVariance) {
        double[][] mu = mean.toDoubleMatrix();
        double[][] logVar = logVariance.toDoubleMatrix();
        double sum = 0;
        for (int i = 0; i < mu.length; i++) {
            for (int j = 0; j < mu[i].length; j++) {
                sum += -0.5 * (1 + logVar[i][j] - mu[i][j] * mu[i][j] - Math.exp(logVar[i][j]));
            }
        }
        return sum / mu.length;
    }

    private static double scalar(Map<String, INDArray> outputs, String name) {
        return outputs.get(name).getDouble(0);
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
