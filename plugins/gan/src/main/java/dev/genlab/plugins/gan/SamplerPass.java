package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.genlab.plugins.gan.GanWeights.Names;
import dev.genlab.support.Dnnl;
import dev.genlab.support.Dnnl.Sequence;
import dev.genlab.support.FloatArrays;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.resampling_forward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGAN generator in inference mode (the sampler graph: no dropout, batch norm on the moving
 * statistics) computed by hand for batches of one size: the dense layer and its batch norm on ND4J, then each block's
 * x2 upsampling, 5x5 transposed convolution, batch norm and LeakyReLU, and the output convolution and sigmoid, on
 * oneDNN called directly with the maps in oneDNN's layouts. It makes the fake images of every discriminator step.
 *
 * <p>A transposed convolution (stride 1, 'same') is the backward-data primitive of its adjoint convolution, whose
 * kernel is the Keras-layout kernel as it is; its bias, which batch norm follows, joins the norm's mean.
 */
final class SamplerPass implements AutoCloseable {
    private static final float KERAS_BN_EPSILON = 1e-3f;

    private final Architecture architecture;
    private final int n;
    private final Sequence memories = new Sequence();
    private final Sequence sequence = new Sequence();
    private final memory seed;
    private final memory samples;
    private final memory[] kernels = new memory[3];
    private final memory outputBias;
    private final memory[] means = new memory[2];
    private final memory[] variances = new memory[2];
    private final memory[] scales = new memory[2];
    private final memory[] shifts = new memory[2];

    SamplerPass(Architecture architecture, int n) {
        this.architecture = requireNonNull(architecture, "architecture is null");
        this.n = n;
        long[] seedMap = architecture.seedMap();
        long[] dims = {n, seedMap[0], seedMap[1], seedMap[2]};
        seed = memories.unbound(Dnnl.desc(memory.format_tag.nchw, dims));
        memory in = seed;
        for (int block = 1; block <= 2; block++) {
            resampling_forward.primitive_desc upsample = GeneratorPrimitives.upsampling(prop_kind.forward_inference,
                    in.get_desc(), dims);
            memory bigger = memories.allocate(upsample.dst_desc());
            sequence.add(new resampling_forward(upsample), DNNL_ARG_SRC, in, DNNL_ARG_DST, bigger);
            long channels = architecture.generatorChannels(block);
            GeneratorPrimitives.Transposed transposed = GeneratorPrimitives.transposed(
                    GeneratorPrimitives.upsampled(dims), channels);
            kernels[block - 1] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, transposed.kernel()));
            memory out = memories.allocate(transposed.forward().diff_src_desc());
            sequence.add(new convolution_backward_data(transposed.forward()), DNNL_ARG_DIFF_DST,
                    sequence.as(bigger, transposed.forward().diff_dst_desc()), DNNL_ARG_WEIGHTS,
                    sequence.as(kernels[block - 1], transposed.forward().weights_desc()), DNNL_ARG_DIFF_SRC, out);
            long[] outDims = transposed.out();
            // batch norm on the moving statistics, the bias in its mean, then LeakyReLU: both in place
            memory.desc layout = out.get_desc();
            batch_normalization_forward.primitive_desc norm = new batch_normalization_forward.primitive_desc(
                    new batch_normalization_forward.desc(prop_kind.forward_inference.value, layout,
                            KERAS_BN_EPSILON, normalization_flags.use_global_stats.value
                                    | normalization_flags.use_scale.value | normalization_flags.use_shift.value),
                    Dnnl.engine());
            memory.desc vector = Dnnl.desc(memory.format_tag.a, channels);
            means[block - 1] = memories.unbound(vector);
            variances[block - 1] = memories.unbound(vector);
            scales[block - 1] = memories.unbound(vector);
            shifts[block - 1] = memories.unbound(vector);
            sequence.add(new batch_normalization_forward(norm), DNNL_ARG_SRC, out, DNNL_ARG_MEAN, means[block - 1],
                    DNNL_ARG_VARIANCE, variances[block - 1], DNNL_ARG_SCALE, scales[block - 1], DNNL_ARG_SHIFT,
                    shifts[block - 1], DNNL_ARG_DST, out);
            eltwise_forward.primitive_desc leaky = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_inference, algorithm.eltwise_relu, layout,
                    (float) architecture.parameters().leakySlope(), 0f), Dnnl.engine());
            sequence.add(new eltwise_forward(leaky), DNNL_ARG_SRC, out, DNNL_ARG_DST, out);
            in = out;
            dims = outDims;
        }
        // the output convolution with its bias and the sigmoid
        long channels = architecture.image().channels();
        long[] imageDims = {n, channels, dims[2], dims[3]};
        long[] kernelDims = GeneratorPrimitives.outputKernel(dims, channels);
        convolution_forward.primitive_desc output = GeneratorPrimitives.output(prop_kind.forward_inference, dims,
                channels);
        kernels[2] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, kernelDims));
        outputBias = memories.unbound(Dnnl.desc(memory.format_tag.a, channels));
        samples = memories.unbound(Dnnl.desc(memory.format_tag.nchw, imageDims));
        memory image = memories.allocate(output.dst_desc());
        sequence.add(new convolution_forward(output), DNNL_ARG_SRC, sequence.as(in, output.src_desc()),
                DNNL_ARG_WEIGHTS, sequence.as(kernels[2], output.weights_desc()), DNNL_ARG_BIAS, outputBias,
                DNNL_ARG_DST, image);
        sequence.reorder(image, samples);
    }

    /** Whether this pass computes what the sampler graph does for {@code architecture}. */
    static boolean covers(Architecture architecture) {
        return DiscriminatorPass.covers(architecture);
    }

    /**
     * Images for {@code z} {@code [n, latent]} of the classes {@code condition} ({@code [n, classes]} one-hot; null for
     * an unconditional DCGAN), as {@code [n, pixels]}, from the generator's {@code weights}.
     */
    INDArray sample(INDArray z, INDArray condition, Map<String, INDArray> weights) {
        // the dense layer, its batch norm on the moving statistics and LeakyReLU, element by element
        INDArray dense = GeneratorPrimitives.denseInput(z, condition).mmuli(weights.get(Names.G_DENSE_W),
                Nd4j.create(DataType.FLOAT, n, Architecture.product(architecture.seedMap())));
        FloatBuffer x = FloatArrays.values(dense);
        FloatBuffer bias = FloatArrays.values(weights.get(Names.G_DENSE_B));
        FloatBuffer gamma = FloatArrays.values(weights.get(Names.gamma(0)));
        FloatBuffer beta = FloatArrays.values(weights.get(Names.beta(0)));
        FloatBuffer mean = FloatArrays.values(weights.get(Names.movingMean(0)));
        FloatBuffer variance = FloatArrays.values(weights.get(Names.movingVariance(0)));
        int features = bias.capacity();
        float slope = (float) architecture.parameters().leakySlope();
        float[] scale = new float[features];
        float[] shift = new float[features];
        for (int f = 0; f < features; f++) {
            scale[f] = (float) (1 / Math.sqrt(variance.get(f) + KERAS_BN_EPSILON)) * gamma.get(f);
            shift[f] = beta.get(f) - mean.get(f) * scale[f];
        }
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                int at = i * features + f;
                float value = (x.get(at) + bias.get(f)) * scale[f] + shift[f];
                x.put(at, value > 0 ? value : value * slope);
            }
        }
        Dnnl.bind(seed, dense);
        INDArray[] foldedMeans = new INDArray[2];
        for (int block = 1; block <= 2; block++) {
            Dnnl.bind(kernels[block - 1], weights.get(Names.deconvW(block)));
            foldedMeans[block - 1] = weights.get(Names.movingMean(block)).sub(weights.get(Names.deconvB(block)));
            Dnnl.bind(means[block - 1], foldedMeans[block - 1]);
            Dnnl.bind(variances[block - 1], weights.get(Names.movingVariance(block)));
            Dnnl.bind(scales[block - 1], weights.get(Names.gamma(block)));
            Dnnl.bind(shifts[block - 1], weights.get(Names.beta(block)));
        }
        Dnnl.bind(kernels[2], weights.get(Names.G_OUT_W));
        Dnnl.bind(outputBias, weights.get(Names.G_OUT_B));
        INDArray images = Nd4j.create(DataType.FLOAT, n, architecture.image().pixels());
        Dnnl.bind(samples, images);
        sequence.run();
        // oneDNN read these through raw pointers: they must outlive the run
        Reference.reachabilityFence(dense);
        Reference.reachabilityFence(foldedMeans);
        Reference.reachabilityFence(weights);
        return images;
    }

    @Override
    public void close() {
        for (Sequence owner : List.of(sequence, memories)) {
            owner.close();
        }
    }}
