package dev.genlab.support;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN called directly, through JavaCPP's presets: its memories, layouts and primitives run in sequence.
 *
 * <p>Why: ND4J runs each convolution on oneDNN too, but lets the primitive choose a blocked layout and reorders its
 * plain arrays into it and back around every call; in the VAE's step on two threads those reorders took 20 of the
 * 64 ms oneDNN spent. Called directly, the activations stay in the primitives' layouts from layer to layer.
 *
 * <p>oneDNN comes from JavaCPP's {@code dnnl} presets; {@link #available} says whether its native library loads
 * here, and a plugin falls back to ND4J's ops where it does not.
 */
public final class Dnnl {
    private Dnnl() {
    }

    /**
     * Whether oneDNN's native library loads on this machine: the presets have no build for some platforms ND4J
     * runs on (Apple silicon among them), where the VAE trains through SameDiff instead.
     */
    public static boolean available() {
        return Availability.AVAILABLE;
    }

    /**
     * The CPU engine, and a stream for each thread that runs primitives (oneDNN does not promise that one stream
     * serves concurrent callers, and a Spark executor trains several trials at once in one JVM); created on first
     * use, so that {@link #available} can fail softly first.
     */
    private static final class Cpu {
        private static final engine ENGINE = new engine(engine.kind.cpu, 0);
        private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(ENGINE));
    }

    private static final class Availability {
        private static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                return true;
            } catch (LinkageError | RuntimeException e) {
                return false;
            }
        }
    }

    public static engine engine() {
        return Cpu.ENGINE;
    }

    /** Float memory of {@code dims} in the plain layout {@code tag}. */
    public static memory.desc desc(memory.format_tag tag, long... dims) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** Float memory of {@code dims} in whichever layout the primitive prefers. */
    public static memory.desc any(long... dims) {
        return desc(memory.format_tag.any, dims);
    }

    /**
     * Points {@code memory} at the values of {@code array}, a whole c-ordered float array of as many values as the
     * memory's layout holds.
     */
    public static void bind(memory memory, INDArray array) {
        long bytes = memory.get_desc().get_size();
        if (array.dataType() != DataType.FLOAT || !dense(array)
                || array.length() * Float.BYTES != bytes) {
            throw new IllegalArgumentException("cannot hand oneDNN " + array.shapeInfoToString() + " as " + bytes
                    + " bytes of floats");
        }
        memory.set_data_handle(new FloatPointer(array.data().addressPointer()).position(array.offset()));
    }

    /**
     * A new float array shaped as {@code like} that {@code memory} reads and writes from now on (see {@link #bind}):
     * where a primitive puts a weight's gradient, say.
     */
    public static INDArray boundLike(memory memory, INDArray like) {
        INDArray array = Nd4j.create(DataType.FLOAT, like.shape());
        bind(memory, array);
        return array;
    }

    /** Whether {@code array}'s values lie in row-major order without gaps (strides of length-1 axes aside). */
    private static boolean dense(INDArray array) {
        long expected = 1;
        for (int axis = array.rank() - 1; axis >= 0; axis--) {
            if (array.size(axis) > 1 && array.stride(axis) != expected) {
                return false;
            }
            expected *= array.size(axis);
        }
        return true;
    }

    public static boolean sameLayout(memory.desc a, memory.desc b) {
        return dnnl_memory_desc_equal(a.data(), b.data()) != 0;
    }

    /** A 2-D convolution's shapes ({@code [n, c, h, w]}, kernel {@code [out, in, kh, kw]}), strides and padding. */
    public record Geometry(long[] src, long[] kernel, long[] dst, long[] strides, long[] padBefore, long[] padAfter) {
    }

    /**
     * The memories a convolution's backward fills: its kernel's gradient in a plain layout, its bias's (both to
     * {@link #bind} to the arrays that take them), and its input's in the primitive's layout, or null.
     */
    public record ConvolutionGradients(memory kernel, memory bias, memory input) {
    }

    /**
     * Primitives run one after the other on the stream, each with its arguments; {@link #close} frees them and the
     * memories this sequence allocated.
     */
    public static final class Sequence implements AutoCloseable {
        private final List<primitive> primitives = new ArrayList<>();
        private final List<IntMemoryMap> arguments = new ArrayList<>();
        private final List<Pointer> owned = new ArrayList<>();

        /** Memory of {@code desc} that oneDNN allocates, freed with this sequence. */
        public memory allocate(memory.desc desc) {
            memory memory = new memory(desc, Cpu.ENGINE);
            owned.add(memory);
            return memory;
        }

        /** Memory of {@code desc} without a buffer: {@link #bind} gives it an ND4J array's before each use. */
        public memory unbound(memory.desc desc) {
            memory memory = new memory(desc, Cpu.ENGINE, null);
            owned.add(memory);
            return memory;
        }

        /** Appends {@code primitive}, run with {@code arguments}: argument numbers and memories, alternately. */
        public void add(primitive primitive, Object... arguments) {
            IntMemoryMap map = new IntMemoryMap();
            for (int i = 0; i < arguments.length; i += 2) {
                map.put((Integer) arguments[i], (memory) arguments[i + 1]);
            }
            primitives.add(primitive);
            this.arguments.add(map);
        }

        /** Appends a copy of {@code from} into {@code to}, converting the layout. */
        public void reorder(memory from, memory to) {
            add(new reorder(from, to), org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM, from,
                    org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO, to);
        }

        /**
         * {@code from} in the layout {@code desc}: {@code from} itself when it has that layout, else a new memory that
         * a reorder appended here fills.
         */
        public memory as(memory from, memory.desc desc) {
            if (sameLayout(from.get_desc(), desc)) {
                return from;
            }
            memory to = allocate(desc);
            reorder(from, to);
            return to;
        }

        /**
         * Appends the backward of a ReLU in place: {@code gradient} zeroed where {@code activation}, the ReLU's output
         * in the same layout, is not positive.
         */
        public void reluBackward(memory gradient, memory activation) {
            reluBackward(gradient, activation, 0f);
        }

        /**
         * Appends the backward of a leaky ReLU of negative {@code slope} (0: a plain ReLU; at most 1) in place:
         * {@code gradient} times {@code slope} where {@code activation}, its output in the same layout, is not
         * positive.
         */
        public void reluBackward(memory gradient, memory activation, float slope) {
            memory.desc desc = activation.get_desc();
            eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, desc, slope, 0f), Cpu.ENGINE);
            add(new eltwise_backward(new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                    algorithm.eltwise_relu_use_dst_for_bwd, desc, desc, slope, 0f), Cpu.ENGINE, hint)),
                    DNNL_ARG_DIFF_DST, gradient, DNNL_ARG_DST, activation, DNNL_ARG_DIFF_SRC, gradient);
        }

        /**
         * Appends the element-wise product of {@code a} and {@code b}, both in {@code dst}'s layout, into {@code dst}
         * (which may be {@code a}).
         */
        public void multiply(memory a, memory b, memory dst) {
            memory.desc layout = dst.get_desc();
            add(new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_mul, layout, layout, layout),
                    Cpu.ENGINE)), DNNL_ARG_SRC_0, a, DNNL_ARG_SRC_1, b, DNNL_ARG_DST, dst);
        }

        /** Memory of {@code desc} over the buffer of {@code of}, which must be at least as large: a second view. */
        public memory alias(memory.desc desc, memory of) {
            memory memory = new memory(desc, Cpu.ENGINE, of.get_data_handle());
            owned.add(memory);
            return memory;
        }

        /**
         * Appends a convolution's backward from {@code gradient} at its output (after its activation's backward):
         * the kernel's gradient (reordered to {@code plainKernel}) and the bias's ({@code bias}, plain) by one
         * backward-weights primitive, and, given {@code inputGradient}, the input's by a backward-data one.
         * {@code forward} is the convolution's forward primitive, {@code input} and {@code kernel} what it read.
         */
        public ConvolutionGradients convolutionBackward(convolution_forward.primitive_desc forward,
                Geometry geometry, memory input, memory gradient, memory kernel, memory.desc plainKernel,
                memory.desc bias, boolean inputGradient) {
            convolution_backward_weights.primitive_desc weights = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(algorithm.convolution_direct, any(geometry.src()),
                            any(geometry.kernel()), bias, any(geometry.dst()), geometry.strides(),
                            geometry.padBefore(), geometry.padAfter()), Cpu.ENGINE, forward);
            memory kernelGradient = allocate(weights.diff_weights_desc());
            memory biasGradient = unbound(bias);
            add(new convolution_backward_weights(weights), DNNL_ARG_SRC, as(input, weights.src_desc()),
                    DNNL_ARG_DIFF_DST, as(gradient, weights.diff_dst_desc()), DNNL_ARG_DIFF_WEIGHTS, kernelGradient,
                    DNNL_ARG_DIFF_BIAS, biasGradient);
            memory plainKernelGradient = unbound(plainKernel);
            reorder(kernelGradient, plainKernelGradient);
            return new ConvolutionGradients(plainKernelGradient, biasGradient,
                    inputGradient ? convolutionBackwardData(forward, geometry, gradient, kernel) : null);
        }

        /**
         * Appends a convolution's backward to its input alone, from {@code gradient} at its output: the input's
         * gradient, in the primitive's layout. {@code forward} is the convolution's forward primitive, {@code kernel}
         * the kernel it read.
         */
        public memory convolutionBackwardData(convolution_forward.primitive_desc forward, Geometry geometry,
                memory gradient, memory kernel) {
            convolution_backward_data.primitive_desc data = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, any(geometry.src()),
                            any(geometry.kernel()), any(geometry.dst()), geometry.strides(), geometry.padBefore(),
                            geometry.padAfter()), Cpu.ENGINE, forward);
            memory inputGradient = allocate(data.diff_src_desc());
            add(new convolution_backward_data(data), DNNL_ARG_DIFF_DST, as(gradient, data.diff_dst_desc()),
                    DNNL_ARG_WEIGHTS, as(kernel, data.weights_desc()), DNNL_ARG_DIFF_SRC, inputGradient);
            return inputGradient;
        }

        /**
         * Appends a transposed convolution's kernel and bias gradients from {@code gradient} at its output and
         * {@code input}, what it read, by oneDNN's deconvolution backward-weights primitive, which sums the bias's as
         * it goes (a reduction primitive took 15-30 ms, in a reference loop). The kernel's lands in the Keras layout
         * {@code [kh, kw, out, in]} and the bias's in {@code bias}, both unbound, to {@link #bind}; no input gradient.
         * {@code geometry} is the transposed convolution's: from {@code src} to {@code dst} with a kernel
         * {@code [out, in, kh, kw]}.
         */
        public ConvolutionGradients transposedConvolutionWeightsBackward(Geometry geometry, memory input,
                memory gradient, memory.desc bias) {
            deconvolution_forward.primitive_desc transposed = new deconvolution_forward.primitive_desc(
                    new deconvolution_forward.desc(prop_kind.forward_training, algorithm.deconvolution_direct,
                            any(geometry.src()), any(geometry.kernel()), bias, any(geometry.dst()),
                            geometry.strides(), geometry.padBefore(), geometry.padAfter()), Cpu.ENGINE);
            deconvolution_backward_weights.primitive_desc weights = new deconvolution_backward_weights.primitive_desc(
                    new deconvolution_backward_weights.desc(algorithm.deconvolution_direct, any(geometry.src()),
                            any(geometry.kernel()), bias, any(geometry.dst()), geometry.strides(),
                            geometry.padBefore(), geometry.padAfter()), Cpu.ENGINE, transposed);
            memory kernelGradient = allocate(weights.diff_weights_desc());
            memory biasGradient = unbound(bias);
            add(new deconvolution_backward_weights(weights), DNNL_ARG_SRC, as(input, weights.src_desc()),
                    DNNL_ARG_DIFF_DST, as(gradient, weights.diff_dst_desc()), DNNL_ARG_DIFF_WEIGHTS, kernelGradient,
                    DNNL_ARG_DIFF_BIAS, biasGradient);
            long[] kernel = geometry.kernel();
            long outs = kernel[0];
            long ins = kernel[1];
            memory kerasKernelGradient = unbound(new memory.desc(kernel, memory.data_type.f32,
                    new long[] {ins, 1, kernel[3] * outs * ins, outs * ins}));
            reorder(kernelGradient, kerasKernelGradient);
            return new ConvolutionGradients(kerasKernelGradient, biasGradient, null);
        }

        public void run() {
            stream stream = Cpu.STREAM.get();
            for (int i = 0; i < primitives.size(); i++) {
                primitives.get(i).execute(stream, arguments.get(i));
            }
            stream._wait();
        }

        @Override
        public void close() {
            arguments.forEach(Pointer::close);
            primitives.forEach(Pointer::close);
            owned.forEach(Pointer::close);
            arguments.clear();
            primitives.clear();
            owned.clear();
        }
    }
}
