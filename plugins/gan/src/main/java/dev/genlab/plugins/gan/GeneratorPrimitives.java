package dev.genlab.plugins.gan;

import dev.genlab.support.Dnnl;
import dev.genlab.support.FloatArrays;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.resampling_forward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the generator's inference ({@link SamplerPass}) and its training step ({@link GeneratorPass}) share: the
 * dense layer's input, and the oneDNN primitives of the x2 upsampling, the 5x5 'same' transposed convolutions and the
 * output convolution with its sigmoid. Maps are {@code [n, c, h, w]}; each primitive picks its layouts.
 */
final class GeneratorPrimitives {
    private static final long[] UNIT = {1, 1};
    private static final long[] PAD_BEFORE = {(Architecture.KERNEL - 1) / 2, (Architecture.KERNEL - 1) / 2};
    private static final long[] PAD_AFTER = {Architecture.KERNEL - 1 - PAD_BEFORE[0],
        Architecture.KERNEL - 1 - PAD_BEFORE[1]};

    private GeneratorPrimitives() {
    }

    /**
     * The dense layer's input, a whole float array: the latent vectors {@code z}, followed for a conditional DCGAN by
     * the classes {@code condition} (one-hot; null for an unconditional one).
     */
    static INDArray denseInput(INDArray z, INDArray condition) {
        INDArray latent = z.castTo(DataType.FLOAT);
        return FloatArrays.whole(condition == null ? latent : Nd4j.hstack(latent, condition.castTo(DataType.FLOAT)));
    }

    /** The shape of maps {@code dims} upsampled x2. */
    static long[] upsampled(long[] dims) {
        return new long[] {dims[0], dims[1], dims[2] * 2, dims[3] * 2};
    }

    /**
     * Nearest-neighbour x2 upsampling of {@code in}, maps {@code dims}, to a layout of its choosing (to a plain one,
     * oneDNN ran a reference loop: 124 ms at the sampler's batch).
     */
    static resampling_forward.primitive_desc upsampling(prop_kind kind, memory.desc in, long[] dims) {
        return new resampling_forward.primitive_desc(new resampling_forward.desc(kind, algorithm.resampling_nearest, in,
                Dnnl.any(upsampled(dims))), Dnnl.engine());
    }

    /**
     * A transposed convolution from {@code in} ({@code [n, c, h, w]}) to {@code channels}: {@code forward} is the
     * backward-data primitive of its {@code adjoint}, the convolution from its output's shape to its input's, whose
     * kernel ({@code kernel}: {@code [out, in]} channels swapped) is the Keras kernel {@code [kh, kw, out, in]} read as
     * hwio.
     */
    record Transposed(convolution_forward.primitive_desc adjoint, convolution_backward_data.primitive_desc forward,
            long[] kernel, long[] in, long[] out) {
    }

    static Transposed transposed(long[] in, long channels) {
        long[] out = {in[0], channels, in[2], in[3]};
        long[] kernel = {in[1], channels, Architecture.KERNEL, Architecture.KERNEL};
        convolution_forward.primitive_desc adjoint = new convolution_forward.primitive_desc(
                new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, Dnnl.any(out),
                        Dnnl.any(kernel), Dnnl.any(in), UNIT, PAD_BEFORE, PAD_AFTER), Dnnl.engine());
        convolution_backward_data.primitive_desc forward = new convolution_backward_data.primitive_desc(
                new convolution_backward_data.desc(algorithm.convolution_direct, Dnnl.any(out), Dnnl.any(kernel),
                        Dnnl.any(in), UNIT, PAD_BEFORE, PAD_AFTER), Dnnl.engine(), adjoint);
        return new Transposed(adjoint, forward, kernel, in, out);
    }

    /** The transposed convolution's own geometry, from its input to its output with a kernel {@code [out, in]}. */
    static Dnnl.Geometry geometry(Transposed transposed) {
        return new Dnnl.Geometry(transposed.in(), new long[] {transposed.out()[1], transposed.in()[1],
            Architecture.KERNEL, Architecture.KERNEL}, transposed.out(), UNIT, PAD_BEFORE, PAD_AFTER);
    }

    /**
     * The output convolution ('same', stride 1) from {@code in} to the image's {@code channels}, its bias plain and
     * the sigmoid fused, to a layout of its choosing (to a plain one, oneDNN ran GEMM: 19.7 ms against 11.5).
     */
    static convolution_forward.primitive_desc output(prop_kind kind, long[] in, long channels) {
        primitive_attr sigmoid = new primitive_attr();
        post_ops ops = new post_ops();
        ops.append_eltwise(1f, algorithm.eltwise_logistic, 0f, 0f);
        sigmoid.set_post_ops(ops);
        return new convolution_forward.primitive_desc(new convolution_forward.desc(kind,
                algorithm.convolution_direct, Dnnl.any(in), Dnnl.any(outputKernel(in, channels)),
                Dnnl.desc(memory.format_tag.a, channels), Dnnl.any(in[0], channels, in[2], in[3]), UNIT, PAD_BEFORE,
                PAD_AFTER), sigmoid, Dnnl.engine());
    }

    /** The output convolution's geometry. */
    static Dnnl.Geometry outputGeometry(long[] in, long channels) {
        return new Dnnl.Geometry(in, outputKernel(in, channels), new long[] {in[0], channels, in[2], in[3]}, UNIT,
                PAD_BEFORE, PAD_AFTER);
    }

    /** The output convolution's kernel dimensions, {@code [out, in, kh, kw]}, laid out hwio as Keras's. */
    static long[] outputKernel(long[] in, long channels) {
        return new long[] {channels, in[1], Architecture.KERNEL, Architecture.KERNEL};
    }
}
