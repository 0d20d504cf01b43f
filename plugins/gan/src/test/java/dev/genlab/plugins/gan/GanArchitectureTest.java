package dev.genlab.plugins.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.api.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** The networks are the reference DCGAN's, layer by layer, at the reference widths on MNIST's 28x28 images. */
class GanArchitectureTest {
    private static final Architecture REFERENCE = new Architecture(GanParameters.DEFAULTS, new ImageShape(1, 28, 28));

    @Test
    void generatorHasTheReferenceWeights() {
        GanWeights weights = GanWeights.initialise(REFERENCE);

        assertThat(shapes(weights.generator())).containsExactly(
                Map.entry("g_dense_W", List.of(32L, 3136L)),
                Map.entry("g_dense_b", List.of(3136L)),
                Map.entry("g_bn0_gamma", List.of(3136L)),
                Map.entry("g_bn0_beta", List.of(3136L)),
                Map.entry("g_deconv1_W", List.of(5L, 5L, 32L, 64L)),
                Map.entry("g_deconv1_b", List.of(32L)),
                Map.entry("g_bn1_gamma", List.of(32L)),
                Map.entry("g_bn1_beta", List.of(32L)),
                Map.entry("g_deconv2_W", List.of(5L, 5L, 16L, 32L)),
                Map.entry("g_deconv2_b", List.of(16L)),
                Map.entry("g_bn2_gamma", List.of(16L)),
                Map.entry("g_bn2_beta", List.of(16L)),
                Map.entry("g_out_W", List.of(5L, 5L, 16L, 1L)),
                Map.entry("g_out_b", List.of(1L)));
        // Keras's summary of the reference generator: 174,305 trainable + 6,368 non-trainable = 180,673
        assertThat(GanWeights.count(weights.generator())).isEqualTo(174_305);
        assertThat(GanWeights.count(weights.statistics())).isEqualTo(6_368);
        assertThat(GanWeights.count(weights.wholeGenerator())).isEqualTo(180_673);
    }

    @Test
    void discriminatorHasTheReferenceWeights() {
        GanWeights weights = GanWeights.initialise(REFERENCE);

        assertThat(shapes(weights.discriminator())).containsExactly(
                Map.entry("d_conv0_W", List.of(5L, 5L, 1L, 64L)),
                Map.entry("d_conv0_b", List.of(64L)),
                Map.entry("d_conv1_W", List.of(5L, 5L, 64L, 256L)),
                Map.entry("d_conv1_b", List.of(256L)),
                Map.entry("d_conv2_W", List.of(5L, 5L, 256L, 256L)),
                Map.entry("d_conv2_b", List.of(256L)),
                Map.entry("d_dense_W", List.of(256L, 1L)),
                Map.entry("d_dense_b", List.of(1L)));
        // 1,664 + 409,856 + 1,638,656 + 257
        assertThat(GanWeights.count(weights.discriminator())).isEqualTo(2_050_433);
    }

    @Test
    void featureMapsHaveTheReferenceShapes() {
        Dcgan gan = new Dcgan(REFERENCE, Optimizer.adam(4e-4));

        Map<String, INDArray> generated = gan.samplerGraph().output(Map.of(DcganGraphs.Z, latent(5)),
                DcganGraphs.G_SEED_MAP, "g_block1", "g_block2", DcganGraphs.SAMPLES);
        assertThat(generated.get(DcganGraphs.G_SEED_MAP).shape()).containsExactly(5, 64, 7, 7);
        assertThat(generated.get("g_block1").shape()).containsExactly(5, 32, 14, 14);
        assertThat(generated.get("g_block2").shape()).containsExactly(5, 16, 28, 28);
        INDArray samples = generated.get(DcganGraphs.SAMPLES);
        assertThat(samples.shape()).containsExactly(5, 784);
        assertThat(samples.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(samples.maxNumber().doubleValue()).isLessThanOrEqualTo(1);

        Map<String, INDArray> judged = gan.discriminatorGraph().output(Map.of(DcganGraphs.IMAGES, samples),
                "d_map0", "d_map1", "d_map2", DcganGraphs.D_PROBABILITY);
        // 'same' then two 'valid' strided convolutions: 28 -> 14 -> 5 -> 1
        assertThat(judged.get("d_map0").shape()).containsExactly(5, 64, 14, 14);
        assertThat(judged.get("d_map1").shape()).containsExactly(5, 256, 5, 5);
        assertThat(judged.get("d_map2").shape()).containsExactly(5, 256, 1, 1);
        assertThat(judged.get(DcganGraphs.D_PROBABILITY).shape()).containsExactly(5, 1);
    }

    @Test
    void inferenceDependsOnTheWeightsAloneNotOnEarlierCalls() {
        Nd4j.getRandom().setSeed(3);
        Architecture narrow = new Architecture(new GanParameters(32, 8, 4, 0.4, 0.3, 0.9, 4),
                new ImageShape(1, 28, 28));
        Dcgan gan = new Dcgan(narrow, Optimizer.adam(4e-4));
        // weights and moving statistics away from their initial values, as after some training
        gan.weights().statistics().values().forEach(array -> array.addi(Nd4j.rand(DataType.FLOAT, array.shape())
                .muli(0.5)));
        gan.weights().generator().values().forEach(array -> array.addi(Nd4j.rand(DataType.FLOAT, array.shape())
                .muli(0.1)));
        INDArray z = latent(8);
        INDArray images = Nd4j.rand(DataType.FLOAT, 8, 784);

        INDArray samples = gan.sample(z).dup();
        INDArray judged = gan.judge(images).dup();

        for (int call = 1; call <= 3; call++) {
            assertThat(difference(gan.sample(z), samples)).as("samples, call %d", call).isZero();
            assertThat(difference(gan.judge(images), judged)).as("judgement, call %d", call).isZero();
        }
        // the sampler graph itself (the DCGAN samples on oneDNN where SamplerPass covers it): the same on every
        // call, and the same as a new graph's on the same weights
        INDArray graphSamples = gan.samplerGraph().outputSingle(Map.of(DcganGraphs.Z, z), DcganGraphs.SAMPLES).dup();
        for (int call = 1; call <= 3; call++) {
            assertThat(difference(gan.samplerGraph().outputSingle(Map.of(DcganGraphs.Z, z), DcganGraphs.SAMPLES),
                    graphSamples)).as("the sampler graph's samples, call %d", call).isZero();
        }
        INDArray fresh = DcganGraphs.sampler(narrow, gan.weights()).outputSingle(Map.of(DcganGraphs.Z, z),
                DcganGraphs.SAMPLES);
        assertThat(difference(fresh, graphSamples)).as("a new graph on the same weights").isZero();
        assertThat(difference(fresh, samples)).as("the DCGAN's samples, to float rounding").isLessThan(1e-5);
    }

    @Test
    void transposedConvolutionEqualsNd4jDeconv2d() {
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.constant(Nd4j.randn(DataType.FLOAT, 3, 6, 9, 9));
        SDVariable kernel = sd.constant(Nd4j.randn(DataType.FLOAT, 5, 5, 4, 6));
        SDVariable bias = sd.constant(Nd4j.randn(DataType.FLOAT, 4));
        SDVariable ours = DcganGraphs.transposedConvolution(sd, input, kernel, bias);
        SDVariable nd4j = sd.cnn.deconv2d(input, kernel, bias, DeConv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
                .isSameMode(true).dataFormat("NCHW").build());

        Map<String, INDArray> outputs = sd.output(Map.of(), ours.name(), nd4j.name());
        assertThat(outputs.get(ours.name()).shape()).containsExactly(3, 4, 9, 9);
        assertThat(outputs.get(ours.name()).sub(outputs.get(nd4j.name())).amaxNumber().doubleValue())
                .isLessThan(1e-4);
    }

    @Test
    void transposedConvolutionHasNd4jDeconv2dsGradients() {
        Map<String, INDArray> ours = deconvolutionGradients(true);
        Map<String, INDArray> nd4j = deconvolutionGradients(false);

        for (String name : List.of("input", "kernel", "bias")) {
            assertThat(ours.get(name).shape()).as(name).isEqualTo(nd4j.get(name).shape());
            assertThat(ours.get(name).sub(nd4j.get(name)).amaxNumber().doubleValue()).as(name).isLessThan(1e-3);
        }
    }

    /**
     * ND4J 1.0.0-M2.1's {@code reverse} op leaks native memory on every call, forward and backward (2 MB an
     * iteration of the reference generator's step, which failed at the launcher's memory cap): no graph may use it.
     */
    @Test
    void noGraphUsesAnOpThatLeaksNativeMemory() {
        Dcgan gan = new Dcgan(REFERENCE, Optimizer.adam(4e-4));
        for (SameDiff graph : List.of(gan.discriminatorGraph(), gan.adversarialGraph(), gan.samplerGraph())) {
            List<SameDiff> graphs = graph.getFunction("grad") == null ? List.of(graph)
                    : List.of(graph, graph.getFunction("grad"));
            for (SameDiff sd : graphs) {
                assertThat(sd.getOps().values()).extracting(op -> op.getOp().opName())
                        .doesNotContain("reverse", "reverse_bp");
            }
        }
    }

    /** The gradients of the sum of squares of a transposed convolution: ours, or ND4J's {@code deconv2d}. */
    private static Map<String, INDArray> deconvolutionGradients(boolean ours) {
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(11);
        SDVariable input = sd.var("input", Nd4j.randn(DataType.FLOAT, 3, 6, 9, 9));
        SDVariable kernel = sd.var("kernel", Nd4j.randn(DataType.FLOAT, 5, 5, 4, 6));
        SDVariable bias = sd.var("bias", Nd4j.randn(DataType.FLOAT, 4));
        SDVariable output = ours ? DcganGraphs.transposedConvolution(sd, input, kernel, bias)
                : sd.cnn.deconv2d(input, kernel, bias, DeConv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
                        .isSameMode(true).dataFormat("NCHW").build());
        output.mul(output).sum("loss");
        sd.setLossVariables("loss");
        return sd.calculateGradients(Map.of(), "input", "kernel", "bias");
    }

    @Test
    void dropoutDropsTheGivenFractionAndKeepsTheExpectedValue() {
        // Keras's Dropout(0.4) drops 40% and scales the rest by 1 / 0.6; DL4J's Dropout(0.4) would keep 40%
        INDArray mask = Dcgan.dropoutMask(0.4, 100, new long[] {64, 7, 7});

        double dropped = mask.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertThat(dropped).isCloseTo(0.4, within(0.01));
        assertThat(mask.meanNumber().doubleValue()).isCloseTo(1.0, within(0.02));
        assertThat(mask.maxNumber().doubleValue()).isCloseTo(1 / 0.6, within(1e-6));
    }

    @Test
    void rejectsImagesTheLayersCannotFit() {
        assertThatThrownBy(() -> new Architecture(GanParameters.DEFAULTS, new ImageShape(1, 30, 30)))
                .isInstanceOf(GenLabException.class)
                .hasMessageContaining("multiples of 4 and at least 28, got 1x30x30");
    }

    /** The largest absolute difference: zero only if the arrays are equal bit for bit (barring NaN). */
    private static double difference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static INDArray latent(int count) {
        return Nd4j.rand(DataType.FLOAT, count, 32).muli(2).subi(1);
    }

    private static Map<String, List<Long>> shapes(Map<String, INDArray> arrays) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name,
                java.util.Arrays.stream(array.shape()).boxed().toList()));
        return shapes;
    }
}
