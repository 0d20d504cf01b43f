package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The graph's gradients against central finite differences of its own loss, for a few weights of every layer:
 * the backward pass through the split, the sampling and the transposed convolutions is what training relies on.
 */
class VaeGradientTest {
    private static final double STEP = 1e-2;

    @Test
    void gradientsMatchFiniteDifferencesInEveryLayer() {
        VaeNetwork network = TestData.create(VaeParameters.DEFAULTS).network();
        SameDiff sd = network.graph();
        INDArray images = TestData.images(4);
        INDArray eps = Gaussian.matrix(new Random(11), 4, 16);
        Map<String, INDArray> placeholders = Map.of(VaeGraph.INPUT, images, VaeGraph.EPS, eps,
                VaeGraph.KL_WEIGHT, Nd4j.scalar(DataType.FLOAT, 1f));
        List<String> variables = List.of("encoder_conv1_W", "encoder_conv2_W", "encoder_dense_W", "encoder_dense_b",
                "decoder_dense_W", "decoder_deconv1_W", "decoder_deconv2_W", "decoder_deconv3_W",
                "decoder_deconv3_b");
        Map<String, INDArray> gradients = sd.calculateGradients(placeholders, variables);

        for (String name : variables) {
            INDArray weights = sd.getVariable(name).getArr();
            INDArray gradient = gradients.get(name).reshape(weights.length());
            // the entry with the largest gradient, so the difference stands well above float rounding
            long index = Nd4j.argMax(Transforms.abs(gradient, true)).getLong(0);
            double analytic = gradient.getDouble(index);
            INDArray flat = weights.reshape(weights.length());
            double original = flat.getDouble(index);
            flat.putScalar(index, original + STEP);
            double plus = loss(sd, placeholders);
            flat.putScalar(index, original - STEP);
            double minus = loss(sd, placeholders);
            flat.putScalar(index, original);
            double numeric = (plus - minus) / (2 * STEP);

            assertThat(analytic).as(name + "[" + index + "]").isNotZero();
            assertThat(numeric).as(name + "[" + index + "]")
                    .isCloseTo(analytic, within(0.05 * Math.abs(analytic) + 1e-3));
        }
    }

    private static double loss(SameDiff sd, Map<String, INDArray> placeholders) {
        return sd.output(placeholders, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
    }
}
