package dev.genlab.plugins.vae;

import dev.genlab.api.GenLabException;
import dev.genlab.api.ImageShape;
import dev.genlab.support.SameDiffGraphs;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the VAE as one SameDiff graph: encoder, reparameterised sample, decoder and the loss, plus a second
 * decoder path sharing the same weights that decodes given codes (for samples and interpolations).
 *
 * <p>The noise {@code eps} is a placeholder rather than drawn in the graph, so the caller seeds it, and feeding
 * zeros decodes the posterior mean. The KL weight is a placeholder too, so a warm-up needs no graph change.
 *
 * <p>A conditional VAE has a {@link #LABEL} placeholder, the class one-hot, which joins the flattened encoder
 * features before the dense layer to the mean and log-variance, and the code before the decoder's dense layer:
 * two wider matrices and no other cost. An unconditional graph has neither, and is the same graph as before.
 */
final class VaeGraph {
    static final String INPUT = "input";
    static final String EPS = "eps";
    static final String KL_WEIGHT = "kl_weight";
    static final String CODE = "code";
    /** The class of each image, one-hot {@code [n, classes]}: only in a conditional graph. */
    static final String LABEL = "label";
    static final String MEAN = "mean";
    static final String LOG_VARIANCE = "log_variance";
    /** Decoded from {@code mean + exp(log_variance / 2) * eps}. */
    static final String OUTPUT = "output";
    /** Decoded from the {@link #CODE} placeholder. */
    static final String DECODED = "decoded";
    static final String RECONSTRUCTION_PER_IMAGE = "reconstruction_per_image";
    static final String KL_PER_IMAGE = "kl_per_image";
    static final String RECONSTRUCTION = "reconstruction";
    static final String KL = "kl";
    static final String LOSS = "loss";

    private static final int KERNEL = 3;
    /**
     * Channels last: oneDNN, behind ND4J's convolutions, ran the decoder's transposed convolutions twice as fast
     * (forward and backward) on NHWC arrays as on NCHW ones, which it reorders on every call.
     */
    private static final String FORMAT = "NHWC";

    private final SameDiff sd = SameDiff.create();
    private final VaeParameters parameters;
    private final ImageShape shape;
    private final int classes;
    private final Random init;
    private final int codeHeight;
    private final int codeWidth;

    private VaeGraph(VaeParameters parameters, ImageShape shape, int classes, long seed) {
        this.parameters = parameters;
        this.shape = shape;
        this.classes = classes;
        this.init = new Random(seed);
        int factor = 1 << parameters.filters().size();
        if (shape.height() % factor != 0 || shape.width() % factor != 0) {
            // the transposed convolutions double the size per layer, so only such sizes come back whole
            throw new GenLabException(GenLabException.Category.CONFIG, "model.filters: " + parameters.filters().size()
                    + " stride-2 layers need image sides divisible by " + factor + ", but images are " + shape);
        }
        this.codeHeight = shape.height() / factor;
        this.codeWidth = shape.width() / factor;
    }

    /** The untrained unconditional graph, its weights drawn from {@code seed} alone. */
    static SameDiff build(VaeParameters parameters, ImageShape shape, long seed) {
        return build(parameters, shape, 0, seed);
    }

    /** The untrained graph, conditioned on {@code classes} classes (0: unconditional). */
    static SameDiff build(VaeParameters parameters, ImageShape shape, int classes, long seed) {
        VaeGraph graph = new VaeGraph(parameters, shape, classes, seed);
        graph.define();
        return graph.sd;
    }

    private void define() {
        int latent = parameters.latentDim();
        List<Integer> filters = parameters.filters();
        SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, shape.pixels());
        SDVariable eps = sd.placeHolder(EPS, DataType.FLOAT, -1, latent);
        SDVariable klWeight = sd.placeHolder(KL_WEIGHT, DataType.FLOAT);
        SDVariable code = sd.placeHolder(CODE, DataType.FLOAT, -1, latent);
        SDVariable label = classes > 0 ? sd.placeHolder(LABEL, DataType.FLOAT, -1, classes) : null;

        SDVariable h = channelsLast(input);
        int channels = shape.channels();
        PaddingMode encoderPadding = parameters.encoderPadding() == VaeParameters.Padding.VALID ? PaddingMode.VALID
                : PaddingMode.SAME;
        for (int i = 0; i < filters.size(); i++) {
            String name = "encoder_conv" + (i + 1);
            SDVariable weights = weights(name + "_W", KERNEL * KERNEL * channels, KERNEL * KERNEL * filters.get(i),
                    KERNEL, KERNEL, channels, filters.get(i));
            h = relu(sd.cnn().conv2d(name, h, weights, bias(name + "_b", filters.get(i)),
                    Conv2DConfig.builder().kH(KERNEL).kW(KERNEL).sH(2).sW(2).paddingMode(encoderPadding)
                            .dataFormat(FORMAT).build()));
            channels = filters.get(i);
        }
        int flat = channels * (int) parameters.encodedSide(shape.height())
                * (int) parameters.encodedSide(shape.width());
        SDVariable statistics = dense("encoder_dense", conditioned(h.reshape(-1, flat), label), flat + classes,
                2 * latent);
        SDVariable[] halves = sd.split(statistics, 2, 1);
        SDVariable mean = sd.identity(MEAN, halves[0]);
        SDVariable logVariance = sd.identity(LOG_VARIANCE, halves[1]);
        SDVariable z = mean.add(sd.math().exp(logVariance.mul(0.5)).mul(eps));

        Decoder decoder = new Decoder(latent + classes, parameters.denseChannels() * codeHeight * codeWidth);
        SDVariable logits = decoder.logits(conditioned(z, label), "");
        SDVariable output = sd.nn().sigmoid(OUTPUT, logits);
        sd.nn().sigmoid(DECODED, decoder.logits(conditioned(code, label), "code_"));

        SDVariable reconstruction = reconstructionPerImage(input, logits, output);
        // KL(N(mean, exp(logvar)) || N(0, I)) in closed form, per image
        SDVariable kl = sd.math().square(mean).add(sd.math().exp(logVariance)).sub(1.0).sub(logVariance)
                .sum(1).mul(KL_PER_IMAGE, 0.5);
        SDVariable meanReconstruction = reconstruction.mean(RECONSTRUCTION, 0);
        SDVariable meanKl = kl.mean(KL, 0);
        meanReconstruction.add(LOSS, meanKl.mul(klWeight));
        sd.setLossVariables(LOSS);
    }

    /** {@code [n, k]} features with the one-hot label appended, {@code [n, k + classes]}; unchanged unconditionally. */
    private SDVariable conditioned(SDVariable features, SDVariable label) {
        return label == null ? features : sd.concat(1, features, label);
    }

    /** The likelihood term per image, from the decoder's output or, for the cross-entropy, its logits. */
    private SDVariable reconstructionPerImage(SDVariable input, SDVariable logits, SDVariable output) {
        if (parameters.likelihood() == VaeParameters.Likelihood.GAUSSIAN) {
            return sd.math().square(output.sub(input)).sum(1).mul(RECONSTRUCTION_PER_IMAGE, 0.5);
        }
        // binary cross-entropy from logits in the stable form max(l, 0) - x l + log(1 + exp(-|l|))
        SDVariable crossEntropy = sd.nn().relu(logits, 0).sub(input.mul(logits))
                .add(sd.math().log1p(sd.math().exp(sd.math().abs(logits).neg())));
        return crossEntropy.sum(RECONSTRUCTION_PER_IMAGE, 1);
    }

    /** The decoder's weights, applied to any code with its own op names. */
    private final class Decoder {
        private final SDVariable denseWeights;
        private final SDVariable denseBias;
        private final SDVariable[] weights;
        private final SDVariable[] biases;

        Decoder(int latent, int flat) {
            denseWeights = weights("decoder_dense_W", latent, flat, latent, flat);
            denseBias = bias("decoder_dense_b", flat);
            List<Integer> filters = parameters.filters();
            int layers = filters.size() + 1;
            weights = new SDVariable[layers];
            biases = new SDVariable[layers];
            int in = parameters.denseChannels();
            for (int i = 0; i < layers; i++) {
                int out = i < filters.size() ? filters.get(filters.size() - 1 - i) : shape.channels();
                String name = "decoder_deconv" + (i + 1);
                // deconv2d kernels are laid out [kH, kW, out, in]
                weights[i] = weights(name + "_W", KERNEL * KERNEL * in, KERNEL * KERNEL * out, KERNEL, KERNEL, out, in);
                biases[i] = bias(name + "_b", out);
                in = out;
            }
        }

        /**
         * Dense to the smallest feature map (linear by default: the reference names no activation there; ReLU for
         * TensorFlow's tutorial model), then stride-2 transposed convolutions with ReLU, then one at stride 1 whose
         * output are the logits.
         */
        SDVariable logits(SDVariable code, String prefix) {
            SDVariable dense = affine(code, denseWeights, denseBias);
            if (parameters.decoderActivation() == VaeParameters.DecoderActivation.RELU) {
                dense = relu(dense);
            }
            SDVariable h = dense.reshape(-1, codeHeight, codeWidth, parameters.denseChannels());
            int height = codeHeight;
            int width = codeWidth;
            for (int i = 0; i < weights.length; i++) {
                boolean upsample = i < weights.length - 1;
                int stride = upsample ? 2 : 1;
                h = TransposedConvolution.same(sd, prefix + "decoder_deconv" + (i + 1), h, weights[i], biases[i],
                        KERNEL, stride, height, width, FORMAT);
                height *= stride;
                width *= stride;
                if (upsample) {
                    h = relu(h);
                }
            }
            return flatten(h);
        }
    }

    /** Images {@code [n, pixels]} (channel by channel, as datasets give them) as {@code [n, height, width, channels]}. */
    private SDVariable channelsLast(SDVariable images) {
        if (shape.channels() == 1) {
            return images.reshape(-1, shape.height(), shape.width(), 1);
        }
        return images.reshape(-1, shape.channels(), shape.height(), shape.width()).permute(0, 2, 3, 1);
    }

    /** The inverse of {@link #channelsLast}. */
    private SDVariable flatten(SDVariable maps) {
        SDVariable channelsFirst = shape.channels() == 1 ? maps : maps.permute(0, 3, 1, 2);
        return channelsFirst.reshape(-1, shape.pixels());
    }

    /**
     * ReLU as {@code x * (x > 0)}: the same values and gradients as {@code sd.nn().relu}, whose backward op
     * ({@code thresholdedrelu_bp}) runs a generic element loop in ND4J 1.0.0-M2.1 that took 15 times as long as the
     * forward op; the mask's product differentiates through the fast {@code multiply_bp}.
     */
    private SDVariable relu(SDVariable x) {
        return x.mul(sd.gt(x, 0.0).castTo(DataType.FLOAT));
    }

    private SDVariable dense(String name, SDVariable in, int nIn, int nOut) {
        return affine(in, weights(name + "_W", nIn, nOut, nIn, nOut), bias(name + "_b", nOut));
    }

    /**
     * {@code in x weights + bias} as a matrix product and an add. Not {@code sd.nn().linear}: in ND4J 1.0.0-M2.1
     * its op (xw_plus_b) may return a column-major array, which the split and the element-wise ops after it then
     * read as row-major, giving wrong values on some calls (measured against the same layers run op by op).
     */
    private static SDVariable affine(SDVariable in, SDVariable weights, SDVariable bias) {
        return in.mmul(weights).add(bias);
    }

    /**
     * Glorot (Xavier) uniform weights; biases start at zero. These are Keras's defaults; PyTorch's defaults were
     * tried and left the initial plateau no sooner.
     */
    private SDVariable weights(String name, int fanIn, int fanOut, long... dims) {
        return SameDiffGraphs.glorotUniform(sd, init, name, fanIn, fanOut, dims);
    }

    private SDVariable bias(String name, int size) {
        return sd.var(name, Nd4j.zeros(DataType.FLOAT, size));
    }
}
