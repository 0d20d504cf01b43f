package dev.genlab.plugins.gan;

import static java.util.Objects.requireNonNull;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.genlab.plugins.gan.GanWeights.Names;
import dev.genlab.support.Dnnl;
import dev.genlab.support.Dnnl.Sequence;
import dev.genlab.support.FloatArrays;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DCGAN discriminator's training pass computed by hand, for batches of one size: its loss, P(real)
 * per image and every weight's gradient, what the discriminator graph's training branch gives, with its three
 * convolutions on oneDNN called directly and the activations kept in oneDNN's layouts between them (through
 * SameDiff, ND4J reordered them in and out around every convolution and computed the images' gradient, which
 * nothing uses). Each convolution has its bias and ReLU in one primitive, then the dropout mask as a product; the
 * heads and their losses ({@link DiscriminatorHead}) are small and stay on ND4J.
 *
 * <p>Frozen, it is the discriminator's part of the generator's step, as the adversarial graph computes it: the same
 * forward pass, and a backward pass to the images' gradient without any weight's.
 */
final class DiscriminatorPass implements AutoCloseable {
    private final Architecture architecture;
    private final int n;
    /** Owns the memories the sequences share. */
    private final Sequence memories = new Sequence();
    private final Sequence forward = new Sequence();
    private final Sequence backward = new Sequence();
    private final memory images;
    private final memory features;
    private final memory featureGradient;
    private final memory[] masks = new memory[3];
    private final memory[] kernels = new memory[3];
    private final memory[] biases = new memory[3];
    private final memory[] kernelGradients = new memory[3];
    private final memory[] biasGradients = new memory[3];
    private final boolean frozen;
    /** The images' gradient, in a frozen pass; else null. */
    private final memory imageGradient;

    /**
     * The loss and P(real) of one pass, and its gradients: every weight's in a training pass (the images' null), the
     * images' alone in a frozen one (the weights' empty).
     */
    record Result(double loss, INDArray probabilities, Map<String, INDArray> gradients, INDArray imageGradient) {
    }

    /** The training pass: every weight's gradient, none for the images. */
    DiscriminatorPass(Architecture architecture, int n) {
        this(architecture, n, false);
    }

    /**
     * The training pass or, {@code frozen}, the pass of the generator's step, through the discriminator to the
     * images it judged: their gradient and no weight's.
     */
    DiscriminatorPass(Architecture architecture, int n, boolean frozen) {
        this.architecture = requireNonNull(architecture, "architecture is null");
        this.n = n;
        this.frozen = frozen;
        long channels = architecture.image().channels();
        long height = architecture.image().height();
        long width = architecture.image().width();
        images = memories.unbound(Dnnl.desc(memory.format_tag.nchw, n, channels, height, width));
        memory in = images;
        long[] inDims = {n, channels, height, width};
        memory[] inputs = new memory[3];
        memory[] activations = new memory[3];
        memory[] outputs = new memory[3];
        memory[] blockedMasks = new memory[3];
        memory[] blockedKernels = new memory[3];
        convolution_forward.primitive_desc[] forwards = new convolution_forward.primitive_desc[3];
        Dnnl.Geometry[] geometries = new Dnnl.Geometry[3];
        for (int block = 0; block < 3; block++) {
            long[] map = architecture.discriminatorMap(block);
            long[] outDims = {n, map[0], map[1], map[2]};
            long[] kernel = {map[0], inDims[1], Architecture.KERNEL, Architecture.KERNEL};
            long[][] padding = padding(block, inDims, outDims);
            geometries[block] = new Dnnl.Geometry(inDims, kernel, outDims, strides(), padding[0], padding[1]);
            primitive_attr relu = new primitive_attr();
            post_ops ops = new post_ops();
            ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
            relu.set_post_ops(ops);
            forwards[block] = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    prop_kind.forward_training, algorithm.convolution_direct, Dnnl.any(inDims), Dnnl.any(kernel),
                    Dnnl.desc(memory.format_tag.a, map[0]), Dnnl.any(outDims), strides(), padding[0], padding[1]),
                    relu, Dnnl.engine());
            kernels[block] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, kernel));
            biases[block] = memories.unbound(Dnnl.desc(memory.format_tag.a, map[0]));
            inputs[block] = forward.as(in, forwards[block].src_desc());
            activations[block] = memories.allocate(forwards[block].dst_desc());
            blockedKernels[block] = forward.as(kernels[block], forwards[block].weights_desc());
            forward.add(new convolution_forward(forwards[block]), DNNL_ARG_SRC, inputs[block], DNNL_ARG_WEIGHTS,
                    blockedKernels[block], DNNL_ARG_BIAS, biases[block],
                    DNNL_ARG_DST, activations[block]);
            // dropout: the ReLU's output times the mask, kept apart from it for the ReLU's backward
            memory.desc layout = activations[block].get_desc();
            masks[block] = memories.unbound(Dnnl.desc(memory.format_tag.nchw, outDims));
            blockedMasks[block] = forward.as(masks[block], layout);
            outputs[block] = memories.allocate(layout);
            forward.multiply(activations[block], blockedMasks[block], outputs[block]);
            in = outputs[block];
            inDims = outDims;
        }
        features = memories.unbound(Dnnl.desc(memory.format_tag.nchw, geometries[2].dst()));
        forward.reorder(in, features);

        featureGradient = memories.unbound(features.get_desc());
        memory gradient = memories.allocate(outputs[2].get_desc());
        backward.reorder(featureGradient, gradient);
        for (int block = 2; block >= 0; block--) {
            memory.desc layout = activations[block].get_desc();
            gradient = backward.as(gradient, layout);
            backward.multiply(gradient, blockedMasks[block], gradient);
            backward.reluBackward(gradient, activations[block]);
            memory kernel = blockedKernels[block];
            if (frozen) {
                gradient = backward.convolutionBackwardData(forwards[block], geometries[block], gradient, kernel);
                continue;
            }
            // the images need no gradient
            Dnnl.ConvolutionGradients gradients = backward.convolutionBackward(forwards[block], geometries[block],
                    inputs[block], gradient, kernel, kernels[block].get_desc(), biases[block].get_desc(), block > 0);
            kernelGradients[block] = gradients.kernel();
            biasGradients[block] = gradients.bias();
            gradient = gradients.input();
        }
        imageGradient = frozen ? memories.unbound(images.get_desc()) : null;
        if (frozen) {
            backward.reorder(gradient, imageGradient);
        }
    }

    /** Whether this pass computes what the discriminator graph does for {@code architecture}. */
    static boolean covers(Architecture architecture) {
        // oneDNN on the arrays' host memory: ND4J's CPU backend, where oneDNN's native library loads
        return Nd4j.getEnvironment().isCPU() && Dnnl.available();
    }

    /**
     * The pass on {@code images} {@code [n, pixels]} of the classes {@code condition} ({@code [n, classes]} one-hot;
     * null for an unconditional DCGAN) with {@code labels} {@code [n, 1]} (1 real, 0 generated) and the dropout
     * {@code masks} of the three convolutions, with the discriminator's {@code weights}.
     */
    Result run(INDArray images, INDArray condition, INDArray labels, List<INDArray> masks,
            Map<String, INDArray> weights) {
        INDArray pixels = FloatArrays.whole(images);
        Dnnl.bind(this.images, pixels);
        INDArray[] plainMasks = new INDArray[3];
        for (int block = 0; block < 3; block++) {
            plainMasks[block] = FloatArrays.whole(masks.get(block));
            Dnnl.bind(this.masks[block], plainMasks[block]);
            Dnnl.bind(kernels[block], weights.get(Names.convW(block)));
            Dnnl.bind(biases[block], weights.get(Names.convB(block)));
        }
        INDArray features = Nd4j.create(DataType.FLOAT, n, architecture.discriminatorFeatures());
        Dnnl.bind(this.features, features);
        forward.run();

        DiscriminatorHead head = DiscriminatorHead.of(features, condition, labels, weights);
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        INDArray featureGradient = head.featureGradient();
        Dnnl.bind(this.featureGradient, featureGradient);
        INDArray imageGradient = frozen ? Nd4j.create(DataType.FLOAT, images.shape()) : null;
        if (frozen) {
            Dnnl.bind(this.imageGradient, imageGradient);
        } else {
            for (int block = 0; block < 3; block++) {
                gradients.put(Names.convW(block), Dnnl.boundLike(kernelGradients[block],
                        weights.get(Names.convW(block))));
                gradients.put(Names.convB(block), Dnnl.boundLike(biasGradients[block],
                        weights.get(Names.convB(block))));
            }
        }
        backward.run();
        // oneDNN read these through raw pointers: they must outlive the runs
        Reference.reachabilityFence(pixels);
        Reference.reachabilityFence(plainMasks);
        Reference.reachabilityFence(featureGradient);
        if (!frozen) {
            gradients.putAll(head.gradients());
        }
        return new Result(head.loss(), head.probabilities(), gradients, imageGradient);
    }

    @Override
    public void close() {
        for (Sequence sequence : List.of(forward, backward, memories)) {
            sequence.close();
        }
    }

    /** Padding before and after of a convolution: TensorFlow's 'same' for the first, none for the others. */
    private static long[][] padding(int block, long[] in, long[] out) {
        if (block > 0) {
            return new long[][] {{0, 0}, {0, 0}};
        }
        long rows = Math.max((out[2] - 1) * Architecture.STRIDE + Architecture.KERNEL - in[2], 0);
        long columns = Math.max((out[3] - 1) * Architecture.STRIDE + Architecture.KERNEL - in[3], 0);
        return new long[][] {{rows / 2, columns / 2}, {rows - rows / 2, columns - columns / 2}};
    }

    private static long[] strides() {
        return new long[] {Architecture.STRIDE, Architecture.STRIDE};
    }}
