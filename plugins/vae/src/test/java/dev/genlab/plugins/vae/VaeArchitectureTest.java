package dev.genlab.plugins.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.api.ModelContext;
import dev.genlab.api.Optimizer;
import dev.genlab.api.TrainingSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The graph is the reference network of ../shared/REFERENCE-EXPERIMENTS.md, layer by layer. */
class VaeArchitectureTest {
    @Test
    void referenceConfigurationHasTheReferenceLayers() {
        SameDiff sd = TestData.create(VaeParameters.DEFAULTS).network().graph();

        // conv2d kernels are [kH, kW, in, out]; deconv2d kernels are [kH, kW, out, in]
        assertThat(weightShapes(sd)).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("encoder_conv1_W", List.of(3L, 3L, 1L, 32L)),
                Map.entry("encoder_conv1_b", List.of(32L)),
                Map.entry("encoder_conv2_W", List.of(3L, 3L, 32L, 64L)),
                Map.entry("encoder_conv2_b", List.of(64L)),
                Map.entry("encoder_dense_W", List.of(3136L, 32L)),
                Map.entry("encoder_dense_b", List.of(32L)),
                Map.entry("decoder_dense_W", List.of(16L, 3136L)),
                Map.entry("decoder_dense_b", List.of(3136L)),
                Map.entry("decoder_deconv1_W", List.of(3L, 3L, 64L, 64L)),
                Map.entry("decoder_deconv1_b", List.of(64L)),
                Map.entry("decoder_deconv2_W", List.of(3L, 3L, 32L, 64L)),
                Map.entry("decoder_deconv2_b", List.of(32L)),
                Map.entry("decoder_deconv3_W", List.of(3L, 3L, 1L, 32L)),
                Map.entry("decoder_deconv3_b", List.of(1L)))));
        // 320 + 18,496 + 100,384 (encoder) + 53,312 + 36,928 + 18,464 + 289 (decoder), as Keras counts it
        assertThat(parameterCount(sd)).isEqualTo(228_193);
    }

    @Test
    void encodesToTheLatentSizeAndDecodesToPixelsInTheUnitInterval() {
        VaeNetwork network = TestData.create(VaeParameters.DEFAULTS).network();
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 784);

        INDArray means = network.encode(images);
        INDArray decoded = network.decode(Nd4j.randn(DataType.FLOAT, 3, 16));

        assertThat(means.shape()).containsExactly(5, 16);
        assertThat(decoded.shape()).containsExactly(3, 784);
        assertThat(decoded.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(decoded.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
    }

    @Test
    void layersFollowTheFiltersAndLatentSize() {
        SameDiff sd = TestData.create(new VaeParameters(8, List.of(4), VaeParameters.Likelihood.GAUSSIAN, 1, 0, 10,
                Optional.empty(), VaeParameters.DecoderActivation.NONE))
                .network().graph();

        Map<String, List<Long>> shapes = weightShapes(sd);
        assertThat(shapes).containsEntry("encoder_conv1_W", List.of(3L, 3L, 1L, 4L))
                .containsEntry("encoder_dense_W", List.of(4L * 14 * 14, 16L))
                .containsEntry("decoder_dense_W", List.of(8L, 4L * 14 * 14))
                .containsEntry("decoder_deconv1_W", List.of(3L, 3L, 4L, 4L))
                .containsEntry("decoder_deconv2_W", List.of(3L, 3L, 1L, 4L))
                .doesNotContainKey("decoder_deconv3_W");
    }

    @Test
    void tensorFlowsTutorialModelHasItsLayersAndParameterCount() {
        // TensorFlow's CVAE tutorial: encoder convolutions 32, 64 without padding (28 -> 13 -> 6), dense to 7x7x32
        // with ReLU, transposed convolutions 64, 32, then 1; latent 50
        VaeParameters tutorial = new VaeParameters(50, List.of(32, 64), VaeParameters.Likelihood.BERNOULLI, 1, 0, 10,
                Optional.of(32), VaeParameters.DecoderActivation.RELU, false, VaeParameters.Padding.VALID);
        VaeModel model = TestData.create(tutorial);
        SameDiff sd = model.network().graph();

        assertThat(weightShapes(sd)).containsEntry("decoder_dense_W", List.of(50L, 7L * 7 * 32))
                .containsEntry("decoder_deconv1_W", List.of(3L, 3L, 64L, 32L))
                .containsEntry("decoder_deconv2_W", List.of(3L, 3L, 32L, 64L))
                .containsEntry("decoder_deconv3_W", List.of(3L, 3L, 1L, 32L));
        assertThat(weightShapes(sd)).containsEntry("encoder_dense_W", List.of(6L * 6 * 64, 100L));
        // encoder 320 + 18,496 + 230,500 = 249,316 (as in the PyTorch port, torch_binarized_vae.py: 366,533 in all)
        // + decoder 79,968 + 18,496 + 18,464 + 289 = 117,217
        assertThat(parameterCount(sd)).isEqualTo(249_316 + 117_217);
        assertThat(new VaeModelFactory().plan(tutorial, TestData.context(1e-4)).orElseThrow().parameters())
                .isEqualTo(249_316 + 117_217);
        // padded as the reference VAE (28 -> 14 -> 7), the encoder's dense layer is wider: 313,700 weights
        VaeParameters padded = new VaeParameters(50, List.of(32, 64), VaeParameters.Likelihood.BERNOULLI, 1, 0, 10,
                Optional.of(32), VaeParameters.DecoderActivation.RELU);
        assertThat(parameterCount(TestData.create(padded).network().graph())).isEqualTo(332_516 + 117_217);
        assertThat(new VaeModelFactory().plan(padded, TestData.context(1e-4)).orElseThrow().parameters())
                .isEqualTo(332_516 + 117_217);
        // the same weights (same seed, same shapes) without the ReLU decode the same codes differently
        VaeModel linear = TestData.create(new VaeParameters(50, List.of(32, 64), VaeParameters.Likelihood.BERNOULLI,
                1, 0, 10, Optional.of(32), VaeParameters.DecoderActivation.NONE, false, VaeParameters.Padding.VALID));
        INDArray codes = Nd4j.randn(DataType.FLOAT, 4, 50);
        assertThat(linear.network().graph().getVariable("decoder_dense_W").getArr())
                .isEqualTo(sd.getVariable("decoder_dense_W").getArr());
        assertThat(model.network().decode(codes)).isNotEqualTo(linear.network().decode(codes));
    }

    @Test
    void refusesImagesThatTheStridesCannotRestore() {
        VaeParameters threeLayers = new VaeParameters(16, List.of(32, 64, 128), VaeParameters.Likelihood.GAUSSIAN,
                1, 0, 10, Optional.empty(), VaeParameters.DecoderActivation.NONE);
        ModelContext context = new ModelContext(new ImageShape(1, 28, 28), List.of(),
                new TrainingSettings(1, 0, 128, Optimizer.adam(1e-3)), 42);

        assertThatThrownBy(() -> new VaeModelFactory().create(threeLayers, context))
                .isInstanceOf(GenLabException.class)
                .hasMessage("model.filters: 3 stride-2 layers need image sides divisible by 8, but images are 1x28x28");
    }

    @Test
    void sameSeedGivesTheSameWeights() {
        SameDiff first = TestData.create(VaeParameters.DEFAULTS).network().graph();
        SameDiff second = TestData.create(VaeParameters.DEFAULTS).network().graph();

        assertThat(first.getVariable("encoder_conv1_W").getArr())
                .isEqualTo(second.getVariable("encoder_conv1_W").getArr());
    }

    private static Map<String, List<Long>> weightShapes(SameDiff sd) {
        return trainable(sd).stream().collect(Collectors.toMap(SDVariable::name,
                variable -> Arrays.stream(variable.getArr().shape()).boxed().toList(), (a, b) -> a,
                TreeMap::new));
    }

    private static long parameterCount(SameDiff sd) {
        return trainable(sd).stream().mapToLong(variable -> variable.getArr().length()).sum();
    }

    private static List<SDVariable> trainable(SameDiff sd) {
        return sd.variables().stream().filter(variable -> variable.getVariableType() == VariableType.VARIABLE)
                .toList();
    }
}
