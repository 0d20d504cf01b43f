package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.resampling_backward;
import org.bytedeco.dnnl.resampling_forward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGAN generator's training step computed by hand, for batches of one size: what the adversarial
 * graph gives (its loss, every generator weight's gradient, the batch norms' batch statistics), with the generator's
 * layers on oneDNN called directly and the maps in oneDNN's layouts, through the frozen discriminator's
 * {@link DiscriminatorPass} to the images' gradient. Through SameDiff, the step spent a third of its time in ND4J's
 * element-wise ops around the batch norms, LeakyReLUs and dropout, and reordered every convolution's arrays in and out.
 *
 * <p>Batch norm in training normalises with the batch's own statistics, so a constant added per channel before it
 * changes nothing after it: the dense layer's and the transposed convolutions' biases are left out of the forward
 * pass and added to the batch means reported for the moving statistics. Their gradients, zero but for float rounding,
 * are still computed, as the graph does.
 */
final class GeneratorPass implements AutoCloseable {
    private static final float KERAS_BN_EPSILON = 1e-3f;
    private static final int FLAGS = normalization_flags.use_scale.value | normalization_flags.use_shift.value;

    private final Architecture architecture;
    private final int n;
    private final float slope;
    private final DiscriminatorPass discriminator;
    /** Owns the memories the sequences share. */
    private final Sequence memories = new Sequence();
    private final Sequence forward = new Sequence();
    private final Sequence backward = new Sequence();
    private final memory dense;
    private final memory denseGradient;
    private final memory seedMask;
    private final memory images;
    private final memory imageGradient;
    private final memory[] kernels = new memory[3];
    private final memory outputBias;
    private final memory[] kernelGradients = new memory[3];
    private final memory[] biasGradients = new memory[3];
    private final Normalisation[] norms = new Normalisation[3];

    /** The generator's loss, its weights' gradients and its batch norms' batch means and variances, by name. */
    record Result(double loss, Map<String, INDArray> gradients, Map<String, INDArray> statistics) {
    }

    GeneratorPass(Architecture architecture, int n) {
        this.architecture = requireNonNull(architecture, "architecture is null");
        this.n = n;
        this.slope = (float) architecture.parameters().leakySlope();
        this.discriminator = new DiscriminatorPass(architecture, n, true);
        long[] seedMap = architecture.seedMap();
        long[] seedDims = {n, seedMap[0], seedMap[1], seedMap[2]};
        // the dense layer's output, one batch-norm channel per feature: [n, features] as n x features x 1 x 1
        dense = memories.unbound(Dnnl.desc(memory.format_tag.nhwc, n, Architecture.product(seedMap), 1, 1));
        norms[0] = new Normalisation(dense, Architecture.product(seedMap));
        // dropout on the map it is reshaped to
        seedMask = memories.unbound(Dnnl.desc(memory.format_tag.nchw, seedDims));
        memory seedView = memories.alias(seedMask.get_desc(), norms[0].output);
        memory seed = memories.allocate(seedMask.get_desc());
        forward.multiply(seedView, seedMask, seed);

        memory in = seed;
        long[] dims = seedDims;
        resampling_forward.primitive_desc[] upsamplings = new resampling_forward.primitive_desc[3];
        memory[] blockInputs = new memory[3];
        memory[] upsampled = new memory[3];
        memory[] blockedKernels = new memory[3];
        GeneratorPrimitives.Transposed[] transposed = new GeneratorPrimitives.Transposed[3];
        for (int block = 1; block <= 2; block++) {
            upsamplings[block] = GeneratorPrimitives.upsampling(prop_kind.forward_training, in.get_desc(), dims);
            memory bigger = memories.allocate(upsamplings[block].dst_desc());
            forward.add(new resampling_forward(upsamplings[block]), DNNL_ARG_SRC, in, DNNL_ARG_DST, bigger);
            blockInputs[block] = in;
            long channels = architecture.generatorChannels(block);
            transposed[block] = GeneratorPrimitives.transposed(GeneratorPrimitives.upsampled(dims), channels);
            convolution_backward_data.primitive_desc primitive = transposed[block].forward();
            kernels[block - 1] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, transposed[block].kernel()));
            upsampled[block] = forward.as(bigger, primitive.diff_dst_desc());
            blockedKernels[block] = forward.as(kernels[block - 1], primitive.weights_desc());
            memory out = memories.allocate(primitive.diff_src_desc());
            forward.add(new convolution_backward_data(primitive), DNNL_ARG_DIFF_DST, upsampled[block],
                    DNNL_ARG_WEIGHTS, blockedKernels[block], DNNL_ARG_DIFF_SRC, out);
            norms[block] = new Normalisation(out, channels);
            in = norms[block].output;
            dims = transposed[block].out();
        }
        // the output convolution with its bias and the sigmoid
        long channels = architecture.image().channels();
        long[] imageDims = {n, channels, dims[2], dims[3]};
        convolution_forward.primitive_desc output = GeneratorPrimitives.output(prop_kind.forward_training, dims,
                channels);
        kernels[2] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, GeneratorPrimitives.outputKernel(dims,
                channels)));
        outputBias = memories.unbound(Dnnl.desc(memory.format_tag.a, channels));
        images = memories.unbound(Dnnl.desc(memory.format_tag.nchw, imageDims));
        memory outputInput = forward.as(in, output.src_desc());
        memory outputKernelBlocked = forward.as(kernels[2], output.weights_desc());
        memory image = memories.allocate(output.dst_desc());
        forward.add(new convolution_forward(output), DNNL_ARG_SRC, outputInput, DNNL_ARG_WEIGHTS,
                outputKernelBlocked, DNNL_ARG_BIAS, outputBias, DNNL_ARG_DST, image);
        forward.reorder(image, images);

        // backward, from the images' gradient the frozen discriminator gives
        imageGradient = memories.unbound(images.get_desc());
        memory gradient = memories.allocate(image.get_desc());
        backward.reorder(imageGradient, gradient);
        memory.desc imageLayout = image.get_desc();
        eltwise_forward.primitive_desc logistic = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                prop_kind.forward_training, algorithm.eltwise_logistic_use_dst_for_bwd, imageLayout, 0f, 0f),
                Dnnl.engine());
        backward.add(new eltwise_backward(new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                algorithm.eltwise_logistic_use_dst_for_bwd, imageLayout, imageLayout, 0f, 0f), Dnnl.engine(),
                logistic)), DNNL_ARG_DIFF_DST, gradient, DNNL_ARG_DST, image, DNNL_ARG_DIFF_SRC, gradient);
        Dnnl.ConvolutionGradients outputGradients = backward.convolutionBackward(output,
                GeneratorPrimitives.outputGeometry(dims, channels), outputInput, gradient, outputKernelBlocked,
                kernels[2].get_desc(), outputBias.get_desc(), true);
        kernelGradients[2] = outputGradients.kernel();
        biasGradients[2] = outputGradients.bias();
        gradient = outputGradients.input();
        for (int block = 2; block >= 1; block--) {
            memory normGradient = norms[block].backward(gradient, null);
            Dnnl.ConvolutionGradients gradients = backward.transposedConvolutionWeightsBackward(
                    GeneratorPrimitives.geometry(transposed[block]), upsampled[block], normGradient,
                    Dnnl.desc(memory.format_tag.a, transposed[block].out()[1]));
            kernelGradients[block - 1] = gradients.kernel();
            biasGradients[block - 1] = gradients.bias();
            // the transposed convolution's input gradient by its adjoint, forward
            convolution_forward.primitive_desc adjoint = transposed[block].adjoint();
            memory upsampledGradient = memories.allocate(adjoint.dst_desc());
            backward.add(new convolution_forward(adjoint), DNNL_ARG_SRC, backward.as(normGradient,
                    adjoint.src_desc()), DNNL_ARG_WEIGHTS, backward.as(blockedKernels[block], adjoint.weights_desc()),
                    DNNL_ARG_DST, upsampledGradient);
            resampling_backward.primitive_desc downsampling = new resampling_backward.primitive_desc(
                    new resampling_backward.desc(algorithm.resampling_nearest, blockInputs[block].get_desc(),
                            Dnnl.any(transposed[block].in())), Dnnl.engine(), upsamplings[block]);
            gradient = memories.allocate(downsampling.diff_src_desc());
            backward.add(new resampling_backward(downsampling), DNNL_ARG_DIFF_DST,
                    backward.as(upsampledGradient, downsampling.diff_dst_desc()), DNNL_ARG_DIFF_SRC, gradient);
        }
        gradient = backward.as(gradient, seedMask.get_desc());
        backward.multiply(gradient, seedMask, gradient);
        denseGradient = memories.unbound(dense.get_desc());
        norms[0].backward(memories.alias(dense.get_desc(), gradient), denseGradient);
    }

    /** Whether this pass computes what the adversarial graph does for {@code architecture}. */
    static boolean covers(Architecture architecture) {
        return DiscriminatorPass.covers(architecture);
    }

    /**
     * The step's pass for latent vectors {@code z} {@code [n, latent]} of the classes {@code condition} ({@code [n,
     * classes]} one-hot; null for an unconditional DCGAN), with the generator's dropout mask {@code generatorMask}
     * {@code [n, seed map]} and the frozen discriminator's {@code discriminatorMasks}, on the {@code generator}'s and
     * the {@code discriminator}'s weights.
     */
    Result run(INDArray z, INDArray condition, INDArray generatorMask, List<INDArray> discriminatorMasks,
            Map<String, INDArray> generator, Map<String, INDArray> discriminator) {
        INDArray latent = GeneratorPrimitives.denseInput(z, condition);
        INDArray denseWeights = generator.get(Names.G_DENSE_W);
        INDArray denseOutput = latent.mmuli(denseWeights, Nd4j.create(DataType.FLOAT, n, denseWeights.columns()));
        Dnnl.bind(dense, denseOutput);
        INDArray mask = FloatArrays.whole(generatorMask);
        Dnnl.bind(seedMask, mask);
        Map<String, INDArray> statistics = new LinkedHashMap<>();
        for (int block = 0; block < 3; block++) {
            statistics.putAll(norms[block].bind(block, generator));
        }
        for (int block = 1; block <= 2; block++) {
            Dnnl.bind(kernels[block - 1], generator.get(Names.deconvW(block)));
        }
        Dnnl.bind(kernels[2], generator.get(Names.G_OUT_W));
        Dnnl.bind(outputBias, generator.get(Names.G_OUT_B));
        INDArray fakes = Nd4j.create(DataType.FLOAT, n, architecture.image().pixels());
        Dnnl.bind(images, fakes);
        forward.run();

        // judged by the frozen discriminator against the label real
        DiscriminatorPass.Result judged = this.discriminator.run(fakes, condition, Nd4j.ones(DataType.FLOAT, n, 1),
                discriminatorMasks, discriminator);
        Dnnl.bind(imageGradient, judged.imageGradient());
        INDArray denseGradient = Nd4j.create(DataType.FLOAT, n, denseWeights.columns());
        Dnnl.bind(this.denseGradient, denseGradient);
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        for (int block = 0; block < 3; block++) {
            gradients.putAll(norms[block].bindGradients(block, generator));
        }
        for (int block = 1; block <= 2; block++) {
            gradients.put(Names.deconvW(block), Dnnl.boundLike(kernelGradients[block - 1],
                    generator.get(Names.deconvW(block))));
            gradients.put(Names.deconvB(block), Dnnl.boundLike(biasGradients[block - 1],
                    generator.get(Names.deconvB(block))));
        }
        gradients.put(Names.G_OUT_W, Dnnl.boundLike(kernelGradients[2], generator.get(Names.G_OUT_W)));
        gradients.put(Names.G_OUT_B, Dnnl.boundLike(biasGradients[2], generator.get(Names.G_OUT_B)));
        backward.run();
        // oneDNN read these through raw pointers: they must outlive the runs
        Reference.reachabilityFence(denseOutput);
        Reference.reachabilityFence(mask);
        Reference.reachabilityFence(judged);
        Reference.reachabilityFence(generator);
        gradients.put(Names.G_DENSE_W, latent.transpose().mmul(denseGradient));
        gradients.put(Names.G_DENSE_B, denseGradient.sum(0));
        // the biases left out of the forward pass, back in the means
        statistics.get(Names.batchMean(0)).addi(generator.get(Names.G_DENSE_B));
        for (int block = 1; block <= 2; block++) {
            statistics.get(Names.batchMean(block)).addi(generator.get(Names.deconvB(block)));
        }
        return new Result(judged.loss(), gradients, statistics);
    }

    @Override
    public void close() {
        discriminator.close();
        for (Sequence sequence : List.of(forward, backward, memories)) {
            sequence.close();
        }
    }

    /**
     * A batch norm on the batch's statistics and the LeakyReLU after it, forward and backward, in the layout of its
     * input.
     */
    private final class Normalisation {
        private final memory input;
        private final memory output;
        private final batch_normalization_forward.primitive_desc primitive;
        private final memory mean;
        private final memory variance;
        private final memory gamma;
        private final memory beta;
        private memory gammaGradient;
        private memory betaGradient;

        /**
         * Appends the forward to the forward sequence: {@code input}, of {@code channels}, to {@link #output}, a new
         * memory.
         */
        Normalisation(memory input, long channels) {
            this.input = input;
            memory.desc layout = input.get_desc();
            primitive = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
                    prop_kind.forward_training.value, layout, KERAS_BN_EPSILON, FLAGS), Dnnl.engine());
            memory.desc vector = Dnnl.desc(memory.format_tag.a, channels);
            mean = memories.unbound(vector);
            variance = memories.unbound(vector);
            gamma = memories.unbound(vector);
            beta = memories.unbound(vector);
            output = memories.allocate(layout);
            forward.add(new batch_normalization_forward(primitive), DNNL_ARG_SRC, input, DNNL_ARG_MEAN, mean,
                    DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, gamma, DNNL_ARG_SHIFT, beta, DNNL_ARG_DST, output);
            eltwise_forward.primitive_desc leaky = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training, algorithm.eltwise_relu, layout, slope, 0f), Dnnl.engine());
            forward.add(new eltwise_forward(leaky), DNNL_ARG_SRC, output, DNNL_ARG_DST, output);
        }

        /**
         * Appends the backward to the backward sequence, from {@code gradient} at the LeakyReLU's output (overwritten)
         * to the input's gradient, in {@code inputGradient} or, when null, a new memory; returns it.
         */
        memory backward(memory gradient, memory inputGradient) {
            memory.desc layout = output.get_desc();
            memory at = GeneratorPass.this.backward.as(gradient, layout);
            GeneratorPass.this.backward.reluBackward(at, output, slope);
            batch_normalization_backward.primitive_desc backwardPrimitive =
                    new batch_normalization_backward.primitive_desc(new batch_normalization_backward.desc(
                            prop_kind.backward.value, layout, layout, KERAS_BN_EPSILON, FLAGS), Dnnl.engine(),
                            primitive);
            memory result = inputGradient != null ? inputGradient : memories.allocate(layout);
            gammaGradient = memories.unbound(gamma.get_desc());
            betaGradient = memories.unbound(beta.get_desc());
            // oneDNN 2.5 refuses to run the backward without the shift, though the gradients do not depend on it
            GeneratorPass.this.backward.add(new batch_normalization_backward(backwardPrimitive), DNNL_ARG_SRC, input,
                    DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_DIFF_DST, at, DNNL_ARG_SCALE, gamma,
                    DNNL_ARG_SHIFT, beta, DNNL_ARG_DIFF_SRC, result, DNNL_ARG_DIFF_SCALE, gammaGradient,
                    DNNL_ARG_DIFF_SHIFT, betaGradient);
            return result;
        }

        /** Binds the norm's gamma and beta from {@code generator}; returns the arrays its batch statistics fill. */
        Map<String, INDArray> bind(int block, Map<String, INDArray> generator) {
            Dnnl.bind(gamma, generator.get(Names.gamma(block)));
            Dnnl.bind(beta, generator.get(Names.beta(block)));
            Map<String, INDArray> statistics = new LinkedHashMap<>();
            statistics.put(Names.batchMean(block), Dnnl.boundLike(mean, generator.get(Names.beta(block))));
            statistics.put(Names.batchVariance(block), Dnnl.boundLike(variance, generator.get(Names.beta(block))));
            return statistics;
        }

        /** Binds the arrays gamma's and beta's gradients fill, returned by name. */
        Map<String, INDArray> bindGradients(int block, Map<String, INDArray> generator) {
            Map<String, INDArray> gradients = new LinkedHashMap<>();
            gradients.put(Names.gamma(block), Dnnl.boundLike(gammaGradient, generator.get(Names.gamma(block))));
            gradients.put(Names.beta(block), Dnnl.boundLike(betaGradient, generator.get(Names.beta(block))));
            return gradients;
        }
    }
}
