package dev.genlab.plugins.vae;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.genlab.support.Dnnl;
import dev.genlab.support.Dnnl.Sequence;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.dnnl_blocking_desc_t;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAE's convolutions for batches of one size, forward and backward, on oneDNN: the encoder's stride-2
 * convolutions with ReLU, the decoder's transposed convolutions (ReLU after all but the last). The activations stay in
 * the layouts the primitives choose; only the arrays ND4J reads or writes (images, the encoder's last maps, the
 * decoder's dense input, the logits, their gradients, weights and weight gradients) are converted, and only when
 * their plain layout is not the primitive's.
 *
 * <p>A transposed convolution is computed as the adjoint of the convolution that maps its output's shape to its
 * input's: forward by that convolution's backward-data primitive and its input gradient by the forward one, both
 * fast kernels (oneDNN's own deconvolution forward adds its bias in a slow loop: 28 ms against 9 without at the
 * decoder's largest layer). Its bias is added by a binary primitive, with the ReLU as post-op; its kernel's and
 * bias's gradients come from oneDNN's deconvolution backward-weights primitive, which sums the bias's in its kernel.
 *
 * <p>ND4J's layouts: images and maps channels-last ({@code [n, h, w, c]}), convolution kernels {@code [kh, kw, in,
 * out]}, transposed-convolution kernels {@code [kh, kw, out, in]}: both oneDNN's {@code hwio} for the convolution that
 * computes them.
 */
final class VaeConvolutions implements AutoCloseable {
    private static final int KERNEL = 3;
    private static final long[] STRIDES = {2, 2};

    private final int encoders;
    private final int decoders;
    /** Owns the memories the sequences share. */
    private final Sequence memories = new Sequence();
    private final Sequence encode = new Sequence();
    private final Sequence decode = new Sequence();
    private final Sequence decodeBackward = new Sequence();
    private final Sequence encodeBackward = new Sequence();
    private final memory images;
    private final memory encoded;
    private final memory dense;
    private final memory logits;
    private memory logitGradient;
    private memory denseGradient;
    private memory encodedGradient;
    private final memory[] encoderWeights;
    private final memory[] encoderBiases;
    private final memory[] encoderWeightGradients;
    private final memory[] encoderBiasGradients;
    private final memory[] decoderWeights;
    private final memory[] decoderBiases;
    private final memory[] decoderWeightGradients;
    private final memory[] decoderBiasGradients;

    /**
     * The convolutions for batches of {@code n} images of {@code side} by {@code side}, single-channel, through a
     * network of {@code parameters} whose decoder starts from {@code codeSide} maps and whose transposed convolutions
     * have {@code decoderChannels} outputs each (the last: 1); forward only unless {@code training}.
     */
    VaeConvolutions(int n, int side, VaeParameters parameters, int codeSide, int[] decoderChannels, boolean training) {
        encoders = parameters.filters().size();
        decoders = decoderChannels.length;
        encoderWeights = new memory[encoders];
        encoderBiases = new memory[encoders];
        encoderWeightGradients = new memory[encoders];
        encoderBiasGradients = new memory[encoders];
        decoderWeights = new memory[decoders];
        decoderBiases = new memory[decoders];
        decoderWeightGradients = new memory[decoders];
        decoderBiasGradients = new memory[decoders];

        // the encoder, forward: each convolution with its bias and ReLU in one primitive
        images = memories.unbound(Dnnl.desc(memory.format_tag.nhwc, n, 1, side, side));
        memory[] inputs = new memory[encoders];
        memory[] outputs = new memory[encoders];
        convolution_forward.primitive_desc[] forwards = new convolution_forward.primitive_desc[encoders];
        memory[] kernels = new memory[encoders];
        long[][] encoderDims = new long[encoders][];
        long[][] encoderKernelDims = new long[encoders][];
        long[][] encoderInputDims = new long[encoders][];
        long[][] encoderPaddings = new long[encoders][];
        memory in = images;
        long inSide = side;
        long inChannels = 1;
        for (int i = 0; i < encoders; i++) {
            long outSide = parameters.encodedSide(side, i + 1);
            long outChannels = parameters.filters().get(i);
            long[] padding = encoderPadding(parameters.encoderPadding(), inSide, outSide);
            long[] srcDims = {n, inChannels, inSide, inSide};
            long[] kernelDims = {outChannels, inChannels, KERNEL, KERNEL};
            long[] dstDims = {n, outChannels, outSide, outSide};
            encoderInputDims[i] = srcDims;
            encoderKernelDims[i] = kernelDims;
            encoderDims[i] = dstDims;
            encoderPaddings[i] = padding;
            primitive_attr relu = new primitive_attr();
            post_ops ops = new post_ops();
            ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
            relu.set_post_ops(ops);
            forwards[i] = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    training ? prop_kind.forward_training : prop_kind.forward_inference,
                    algorithm.convolution_direct, Dnnl.any(srcDims), Dnnl.any(kernelDims),
                    Dnnl.desc(memory.format_tag.a, outChannels), Dnnl.any(dstDims), STRIDES,
                    before(padding), after(padding)), relu, Dnnl.engine());
            encoderWeights[i] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, kernelDims));
            encoderBiases[i] = memories.unbound(Dnnl.desc(memory.format_tag.a, outChannels));
            inputs[i] = encode.as(in, forwards[i].src_desc());
            kernels[i] = encode.as(encoderWeights[i], forwards[i].weights_desc());
            outputs[i] = memories.allocate(forwards[i].dst_desc());
            encode.add(new convolution_forward(forwards[i]), DNNL_ARG_SRC, inputs[i], DNNL_ARG_WEIGHTS, kernels[i],
                    DNNL_ARG_BIAS, encoderBiases[i], DNNL_ARG_DST, outputs[i]);
            in = outputs[i];
            inSide = outSide;
            inChannels = outChannels;
        }
        encoded = memories.unbound(Dnnl.desc(memory.format_tag.nhwc, n, inChannels, inSide, inSide));
        encode.reorder(in, encoded);

        // the decoder, forward: each transposed convolution as the backward-data primitive of its adjoint
        dense = memories.unbound(Dnnl.desc(memory.format_tag.nhwc, n, parameters.denseChannels(), codeSide, codeSide));
        memory[] decoderInputs = new memory[decoders];
        memory[] decoderOutputs = new memory[decoders];
        memory[] decoderKernels = new memory[decoders];
        long[][] decoderInputDims = new long[decoders][];
        long[][] decoderOutputDims = new long[decoders][];
        long[][][] decoderGeometry = new long[decoders][][];
        convolution_forward.primitive_desc[] adjoints = new convolution_forward.primitive_desc[decoders];
        in = dense;
        inSide = codeSide;
        inChannels = parameters.denseChannels();
        for (int j = 0; j < decoders; j++) {
            boolean upsample = j < decoders - 1;
            int stride = upsample ? 2 : 1;
            long outSide = inSide * stride;
            long outChannels = decoderChannels[j];
            long before = (KERNEL - stride) / 2;
            long after = KERNEL - stride - before;
            long[] kernelDims = {inChannels, outChannels, KERNEL, KERNEL};
            long[] strides = {stride, stride};
            long[] paddingBefore = {before, before};
            long[] paddingAfter = {after, after};
            decoderInputDims[j] = new long[] {n, inChannels, inSide, inSide};
            decoderOutputDims[j] = new long[] {n, outChannels, outSide, outSide};
            decoderGeometry[j] = new long[][] {strides, paddingBefore, paddingAfter};
            // channels that do not fill oneDNN's blocks stay channels-last: blocked, they would be padded (a single
            // channel to 16), and oneDNN's fast binary kernel leaves maps with fewer channels than a block without
            // their bias
            memory.desc outDesc = outChannels % 16 != 0 ? Dnnl.desc(memory.format_tag.nchw, decoderOutputDims[j])
                    : Dnnl.any(decoderOutputDims[j]);
            adjoints[j] = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    prop_kind.forward_training, algorithm.convolution_direct, outDesc,
                    Dnnl.any(kernelDims), Dnnl.any(n, inChannels, inSide, inSide), strides, paddingBefore,
                    paddingAfter), Dnnl.engine());
            convolution_backward_data.primitive_desc forward = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, outDesc,
                            Dnnl.any(kernelDims), Dnnl.any(n, inChannels, inSide, inSide), strides, paddingBefore,
                            paddingAfter), Dnnl.engine(), adjoints[j]);
            decoderWeights[j] = memories.unbound(Dnnl.desc(memory.format_tag.hwio, kernelDims));
            decoderInputs[j] = decode.as(in, forward.diff_dst_desc());
            decoderKernels[j] = decode.as(decoderWeights[j], forward.weights_desc());
            decoderOutputs[j] = memories.allocate(forward.diff_src_desc());
            decode.add(new convolution_backward_data(forward), DNNL_ARG_DIFF_DST, decoderInputs[j], DNNL_ARG_WEIGHTS,
                    decoderKernels[j], DNNL_ARG_DIFF_SRC, decoderOutputs[j]);
            memory.desc out = forward.diff_src_desc();
            primitive_attr attributes = new primitive_attr();
            if (upsample) {
                post_ops ops = new post_ops();
                ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
                attributes.set_post_ops(ops);
            }
            decoderBiases[j] = memories.unbound(Dnnl.desc(memory.format_tag.abcd, 1, outChannels, 1, 1));
            binary.primitive_desc add = biasAdd(out, outChannels, attributes);
            decode.add(new binary(add), DNNL_ARG_SRC_0, decoderOutputs[j], DNNL_ARG_SRC_1,
                    decode.as(decoderBiases[j], add.src1_desc()), DNNL_ARG_DST, decoderOutputs[j]);
            in = decoderOutputs[j];
            inSide = outSide;
            inChannels = outChannels;
        }
        logits = memories.unbound(Dnnl.desc(memory.format_tag.nhwc, n, 1, side, side));
        decode.reorder(in, logits);

        if (!training) {
            return;
        }

        // the decoder, backward
        logitGradient = memories.unbound(logits.get_desc());
        memory gradient = memories.allocate(decoderOutputs[decoders - 1].get_desc());
        decodeBackward.reorder(logitGradient, gradient);
        for (int j = decoders - 1; j >= 0; j--) {
            memory.desc out = decoderOutputs[j].get_desc();
            gradient = decodeBackward.as(gradient, out);
            if (j < decoders - 1) {
                decodeBackward.reluBackward(gradient, decoderOutputs[j]);
            }
            // the kernel's and the bias's gradients by the transposed convolution's own backward-weights primitive
            long[][] geometry = decoderGeometry[j];
            Dnnl.ConvolutionGradients gradients = decodeBackward.transposedConvolutionWeightsBackward(
                    new Dnnl.Geometry(decoderInputDims[j], new long[] {decoderChannels[j], decoderInputDims[j][1],
                            KERNEL, KERNEL}, decoderOutputDims[j], geometry[0], geometry[1], geometry[2]),
                    decoderInputs[j], gradient, Dnnl.desc(memory.format_tag.a, decoderChannels[j]));
            decoderWeightGradients[j] = gradients.kernel();
            decoderBiasGradients[j] = gradients.bias();
            convolution_forward.primitive_desc adjoint = adjoints[j];
            memory inputGradient = memories.allocate(adjoint.dst_desc());
            decodeBackward.add(new convolution_forward(adjoint), DNNL_ARG_SRC,
                    decodeBackward.as(gradient, adjoint.src_desc()), DNNL_ARG_WEIGHTS,
                    decodeBackward.as(decoderKernels[j], adjoint.weights_desc()), DNNL_ARG_DST, inputGradient);
            gradient = inputGradient;
        }
        denseGradient = memories.unbound(dense.get_desc());
        decodeBackward.reorder(gradient, denseGradient);

        // the encoder, backward
        encodedGradient = memories.unbound(encoded.get_desc());
        gradient = memories.allocate(outputs[encoders - 1].get_desc());
        encodeBackward.reorder(encodedGradient, gradient);
        for (int i = encoders - 1; i >= 0; i--) {
            gradient = encodeBackward.as(gradient, outputs[i].get_desc());
            encodeBackward.reluBackward(gradient, outputs[i]);
            // the images need no gradient
            Dnnl.Geometry geometry = new Dnnl.Geometry(encoderInputDims[i], encoderKernelDims[i], encoderDims[i],
                    STRIDES, before(encoderPaddings[i]), after(encoderPaddings[i]));
            Dnnl.ConvolutionGradients gradients = encodeBackward.convolutionBackward(forwards[i], geometry,
                    inputs[i], gradient, kernels[i], encoderWeights[i].get_desc(), encoderBiases[i].get_desc(), i > 0);
            encoderWeightGradients[i] = gradients.kernel();
            encoderBiasGradients[i] = gradients.bias();
            gradient = gradients.input();
        }
    }

    /**
     * The encoder forward: {@code images} {@code [n, side, side, 1]} to the last convolution's ReLU output
     * {@code encoded} {@code [n, s, s, c]}, with the weights {@code encoder_convK_W}/{@code _b} of {@code weights}.
     */
    void encode(INDArray images, INDArray encoded, Function<String, INDArray> weights) {
        Dnnl.bind(this.images, images);
        Dnnl.bind(this.encoded, encoded);
        for (int i = 0; i < encoders; i++) {
            Dnnl.bind(encoderWeights[i], weights.apply("encoder_conv" + (i + 1) + "_W"));
            Dnnl.bind(encoderBiases[i], weights.apply("encoder_conv" + (i + 1) + "_b"));
        }
        encode.run();
        Reference.reachabilityFence(images);
        Reference.reachabilityFence(encoded);
    }

    /** The decoder forward: its dense layer's output {@code dense} {@code [n, s, s, c]} to {@code logits}. */
    void decode(INDArray dense, INDArray logits, Function<String, INDArray> weights) {
        Dnnl.bind(this.dense, dense);
        Dnnl.bind(this.logits, logits);
        for (int j = 0; j < decoders; j++) {
            Dnnl.bind(decoderWeights[j], weights.apply("decoder_deconv" + (j + 1) + "_W"));
            Dnnl.bind(decoderBiases[j], weights.apply("decoder_deconv" + (j + 1) + "_b"));
        }
        decode.run();
        Reference.reachabilityFence(dense);
        Reference.reachabilityFence(logits);
    }

    /**
     * The decoder backward, after {@link #decode} on the same batch: from the gradient at the logits to that at the
     * dense layer's output, putting the transposed convolutions' gradients into {@code gradients} (arrays shaped as
     * their weights, in {@code weights}).
     */
    void decodeBackward(INDArray logitGradient, INDArray denseGradient, Function<String, INDArray> weights,
            Map<String, INDArray> gradients) {
        Dnnl.bind(this.logitGradient, logitGradient);
        Dnnl.bind(this.denseGradient, denseGradient);
        for (int j = 0; j < decoders; j++) {
            String name = "decoder_deconv" + (j + 1);
            Dnnl.bind(decoderWeightGradients[j], gradient(gradients, name + "_W", weights));
            Dnnl.bind(decoderBiasGradients[j], gradient(gradients, name + "_b", weights));
        }
        decodeBackward.run();
        Reference.reachabilityFence(logitGradient);
        Reference.reachabilityFence(denseGradient);
    }

    /** The encoder backward, after {@link #encode} on the same batch, from the gradient at its output. */
    void encodeBackward(INDArray encodedGradient, Function<String, INDArray> weights, Map<String, INDArray> gradients) {
        Dnnl.bind(this.encodedGradient, encodedGradient);
        for (int i = 0; i < encoders; i++) {
            String name = "encoder_conv" + (i + 1);
            Dnnl.bind(encoderWeightGradients[i], gradient(gradients, name + "_W", weights));
            Dnnl.bind(encoderBiasGradients[i], gradient(gradients, name + "_b", weights));
        }
        encodeBackward.run();
        Reference.reachabilityFence(encodedGradient);
    }

    /** Frees the primitives and the memories oneDNN allocated for them. */
    @Override
    public void close() {
        for (Sequence sequence : List.of(encode, decode, decodeBackward, encodeBackward, memories)) {
            sequence.close();
        }
    }

    private static INDArray gradient(Map<String, INDArray> gradients, String name, Function<String, INDArray> weights) {
        INDArray gradient = weights.apply(name).like();
        gradients.put(name, gradient);
        return gradient;
    }

    /**
     * Adds a per-channel bias to {@code maps} in place, then {@code attributes}' post-ops. The bias is laid out in
     * the maps' channel blocks, as oneDNN's fast binary kernel needs: with a plain bias on blocked maps it runs a
     * reference loop (70-90 ms at the decoder's largest maps).
     */
    private static binary.primitive_desc biasAdd(memory.desc maps, long channels, primitive_attr attributes) {
        dnnl_blocking_desc_t blocking = maps.data().format_desc_blocking();
        memory.format_tag tag = memory.format_tag.abcd;
        if (blocking.inner_nblks() == 1 && blocking.inner_idxs().get(0) == 1) {
            tag = switch ((int) blocking.inner_blks().get(0)) {
                case 16 -> memory.format_tag.aBcd16b;
                case 8 -> memory.format_tag.aBcd8b;
                case 4 -> memory.format_tag.aBcd4b;
                default -> memory.format_tag.abcd;
            };
        }
        return new binary.primitive_desc(new binary.desc(algorithm.binary_add, maps,
                Dnnl.desc(tag, 1, channels, 1, 1), maps), attributes, Dnnl.engine());
    }

    /** Padding before and after of a stride-2 convolution from {@code in} to {@code out}, as TensorFlow pads. */
    private static long[] encoderPadding(VaeParameters.Padding padding, long in, long out) {
        if (padding == VaeParameters.Padding.VALID) {
            return new long[] {0, 0};
        }
        long total = Math.max((out - 1) * 2 + KERNEL - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    private static long[] before(long[] padding) {
        return new long[] {padding[0], padding[0]};
    }

    private static long[] after(long[] padding) {
        return new long[] {padding[1], padding[1]};
    }
}
