package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** The fast transposed convolution computes what ND4J's 'same' deconv2d does, values and gradients. */
class TransposedConvolutionTest {
    @ParameterizedTest(name = "{0} to {1} channels, {2}x{2}, kernel {3}, stride {4}, {5}")
    @CsvSource({
        "8, 6, 7, 3, 2, NHWC", // the VAE's upsampling layers
        "6, 1, 14, 3, 1, NHWC", // its last layer
        "8, 6, 7, 3, 2, NCHW",
        "3, 5, 6, 4, 2, NHWC", // an even kernel: the extra row goes after
        "3, 5, 6, 4, 2, NCHW",
        "3, 5, 6, 5, 2, NHWC",
        "4, 2, 5, 5, 1, NCHW"})
    void equalsSameModeDeconvolution(int in, int out, int size, int kernel, int stride, String format) {
        Nd4j.getRandom().setSeed(11);
        boolean nchw = format.equals("NCHW");
        INDArray input = nchw ? Nd4j.randn(DataType.FLOAT, 4, in, size, size)
                : Nd4j.randn(DataType.FLOAT, 4, size, size, in);
        INDArray weights = Nd4j.randn(DataType.FLOAT, kernel, kernel, out, in);
        INDArray bias = Nd4j.randn(DataType.FLOAT, out);
        INDArray upstream = nchw ? Nd4j.randn(DataType.FLOAT, 4, out, size * stride, size * stride)
                : Nd4j.randn(DataType.FLOAT, 4, size * stride, size * stride, out);

        Map<String, INDArray> reference = run(input, weights, bias, upstream, (sd, x, w, b) -> sd.cnn().deconv2d("y",
                x, w, b, DeConv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).isSameMode(true)
                        .dataFormat(format).build()));
        Map<String, INDArray> fast = run(input, weights, bias, upstream,
                (sd, x, w, b) -> TransposedConvolution.same(sd, "y", x, w, b, kernel, stride, size, size, format));

        assertThat(fast.get("y").shape()).containsExactly(upstream.shape());
        for (String name : reference.keySet()) {
            double scale = reference.get(name).amaxNumber().doubleValue();
            assertThat(fast.get(name).sub(reference.get(name)).amaxNumber().doubleValue())
                    .as(name).isLessThanOrEqualTo(1e-5 * Math.max(1, scale));
        }
    }

    private interface Layer {
        SDVariable apply(SameDiff sd, SDVariable input, SDVariable weights, SDVariable bias);
    }

    /** The layer's output and the gradients of sum(output x upstream) with respect to its three inputs. */
    private static Map<String, INDArray> run(INDArray input, INDArray weights, INDArray bias, INDArray upstream,
            Layer layer) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", input.dup());
        SDVariable w = sd.var("w", weights.dup());
        SDVariable b = sd.var("b", bias.dup());
        SDVariable y = layer.apply(sd, x, w, b);
        sd.identity("out", y);
        y.mul(sd.constant(upstream)).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of(), "x", "w", "b");
        return Map.of("y", sd.output(Map.of(), "out").get("out"), "x", gradients.get("x"), "w", gradients.get("w"),
                "b", gradients.get("b"));
    }
}
